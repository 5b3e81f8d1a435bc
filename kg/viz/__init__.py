"""Network views of the graph (``kg viz``): projections built with SPARQL into networkx,
filters, a layout computed once, and writers for HTML, PNG/SVG, GraphML, GEXF and JSON.

* :mod:`kg.viz.projections` - the four networks (org, people, coattendance, documents);
* :mod:`kg.viz.filters` - --body, --province, --person/--depth, --min-weight;
* :mod:`kg.viz.dates` - the --since/--until period;
* :mod:`kg.viz.prepare` - sizes, positions and the side panel's facts;
* :mod:`kg.viz.html`, :mod:`kg.viz.static`, :mod:`kg.viz.exports` - the writers.
"""
