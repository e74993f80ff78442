// The brief's only script: clicking a citation opens the cited article and marks the
// span. It only reads attributes and toggles classes (no markup is ever written), and
// the page works without it (chips are plain links, CSS :target highlights the span).
(function () {
  "use strict";

  function piecesOf(id) {
    // A span cut by another one is several marks; each names the span in data-mentions.
    var found = [];
    var marks = document.querySelectorAll("mark.cited[data-mentions]");
    for (var i = 0; i < marks.length; i++) {
      if (marks[i].getAttribute("data-mentions").split(" ").indexOf(id) >= 0) {
        found.push(marks[i]);
      }
    }
    return found;
  }

  function activate(id) {
    var target = document.getElementById(id);
    if (!target || target.tagName !== "MARK") {
      return false;
    }
    var previous = document.querySelectorAll("mark.cited.active");
    for (var i = 0; i < previous.length; i++) {
      previous[i].classList.remove("active");
    }
    var pieces = piecesOf(id);
    for (var j = 0; j < pieces.length; j++) {
      pieces[j].classList.add("active");
    }
    // Open the collapsed article (and anything else around the span).
    for (var el = target.parentElement; el; el = el.parentElement) {
      if (el.tagName === "DETAILS") {
        el.open = true;
      }
    }
    return true;
  }

  function fromHash(hash) {
    if (!hash || hash.charAt(0) !== "#") {
      return null;
    }
    try {
      return decodeURIComponent(hash.slice(1));
    } catch (e) {
      return null;
    }
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[href^='#']") : null;
    if (!link) {
      return;
    }
    var id = fromHash(link.getAttribute("href"));
    if (id && activate(id)) {
      event.preventDefault();
      var target = document.getElementById(id);
      target.setAttribute("tabindex", "-1");
      target.scrollIntoView({ block: "center" });
      target.focus({ preventScroll: true });
      if (window.history && window.history.replaceState) {
        window.history.replaceState(null, "", link.getAttribute("href"));
      }
    }
  });

  function onHash() {
    var id = fromHash(window.location.hash);
    if (id && activate(id)) {
      document.getElementById(id).scrollIntoView({ block: "center" });
    }
  }

  window.addEventListener("hashchange", onHash);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", onHash);
  } else {
    onHash();
  }
})();
