"""``kg serve``: the store as a small linked-data web service.

* :mod:`kg.serve.app` - the Starlette application and its routes;
* :mod:`kg.serve.runner` - the worker processes every query runs in (time limit, isolation);
* :mod:`kg.serve.connections` - header and idle time-outs, connections per address;
* :mod:`kg.serve.guard` - what the public endpoint refuses (updates, SERVICE, deep nesting);
* :mod:`kg.serve.sparql` - running a query and writing its answer, capped;
* :mod:`kg.serve.views` - the data of the pages, read through SPARQL;
* :mod:`kg.serve.pages`, :mod:`kg.serve.html` - the pages; ``static/`` - their CSS and JS;
* :mod:`kg.serve.network` - the bridge to :mod:`kg.viz`'s networks;
* :mod:`kg.serve.negotiate` - Accept headers.
"""
