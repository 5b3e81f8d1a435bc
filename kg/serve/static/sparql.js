// The SPARQL editor: examples, Ctrl+Enter, and POST for queries too long for a URL.
(function () {
  "use strict";
  var form = document.getElementById("sparql-form");
  if (!form) { return; }
  var query = document.getElementById("query");
  var examples = document.getElementById("examples");
  var format = document.getElementById("format");
  var params = new URLSearchParams(window.location.search);
  if (params.get("format")) { format.value = params.get("format"); }
  examples.addEventListener("change", function () {
    var option = examples.options[examples.selectedIndex];
    if (option && option.dataset.query) {
      query.value = option.dataset.query;
      query.focus();
    }
  });
  query.addEventListener("keydown", function (event) {
    if ((event.ctrlKey || event.metaKey) && event.key === "Enter") {
      event.preventDefault();
      if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
    }
  });
  form.addEventListener("submit", function () {
    // URLs over a few kilobytes are refused by some servers and proxies: POST the form then.
    form.method = query.value.length > 3000 ? "post" : "get";
  });
})();
