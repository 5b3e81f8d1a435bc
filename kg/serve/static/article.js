// Article pages: the sentence named in the address (#s<start>-<end>) is marked more strongly.
(function () {
  "use strict";
  function mark() {
    var previous = document.querySelectorAll("mark.ev.target");
    for (var i = 0; i < previous.length; i++) { previous[i].classList.remove("target"); }
    var id = decodeURIComponent(window.location.hash.slice(1));
    if (!/^s\d+-\d+$/.test(id)) { return; }
    var pieces = document.querySelectorAll("mark.ev");
    for (var j = 0; j < pieces.length; j++) {
      if ((" " + pieces[j].dataset.sentences + " ").indexOf(" " + id + " ") >= 0) {
        pieces[j].classList.add("target");
      }
    }
  }
  window.addEventListener("hashchange", mark);
  mark();
})();
