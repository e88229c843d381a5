/*
 * Search as you type in the header's search box (form[role=search] input[name=q]).
 *
 * Without this script the box is a plain GET form to /search/. With it, after two characters
 * and a 250 ms pause, it asks /search/suggest/?q= for matching article titles (an HTML fragment
 * of <li role="option">) and shows them under the box, following the ARIA combobox pattern:
 * the input has role=combobox, aria-expanded and aria-controls; the highlighted option is named
 * by aria-activedescendant, so focus stays in the input. ArrowDown/ArrowUp move, Enter opens
 * the highlighted article (or, with none highlighted, submits for full results), Escape closes.
 * The combobox itself (keys, aria-* attributes) is static/js/listbox.js, which must be loaded
 * first.
 *
 * Safe to load twice: a form is enhanced once.
 */
(function () {
  "use strict";

  var DEBOUNCE_MS = 250;
  var MIN_CHARS = 2;

  function enhance(form) {
    var input = form.querySelector("input[name=q]");
    if (!input || form.hasAttribute("data-search-enhanced")) return;
    form.setAttribute("data-search-enhanced", "");

    var suggestUrl = form.getAttribute("data-suggest-url") || "/search/suggest/";
    var listbox = document.createElement("ul");
    listbox.id = (input.id || "site-search") + "-suggestions";
    listbox.className = "search-suggestions";
    listbox.setAttribute("role", "listbox");
    listbox.setAttribute("aria-label", "Suggested articles");
    listbox.hidden = true;
    form.appendChild(listbox);

    var timer = null;
    var shownFor = null; // the query whose suggestions the listbox holds
    var lb = window.LoreListbox(input, listbox, go);

    function go(option) {
      window.location.assign(option.getAttribute("data-url"));
    }

    function show(query, html) {
      if (query !== input.value.trim()) return; // typed on since: a newer request is coming
      lb.replace(html);
      shownFor = query;
      lb.setOpen(lb.options().length > 0 && document.activeElement === input);
    }

    function load() {
      var query = input.value.trim();
      if (query.length < MIN_CHARS) {
        lb.cancel();
        lb.replace("");
        shownFor = null;
        lb.setOpen(false);
        return;
      }
      if (query === shownFor) {
        lb.setOpen(lb.options().length > 0);
        return;
      }
      lb.fetch(suggestUrl, query, function (html) {
        show(query, html);
      });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(load, DEBOUNCE_MS);
    });

    input.addEventListener("focus", function () {
      if (shownFor !== null && shownFor === input.value.trim() && lb.options().length) {
        lb.setOpen(true);
      }
    });

    // Keep focus in the input while clicking an option, so blur doesn't close the list first.
    listbox.addEventListener("mousedown", function (event) {
      event.preventDefault();
    });

    listbox.addEventListener("mousemove", function (event) {
      var option = event.target instanceof Element ? event.target.closest("[role=option]") : null;
      if (!option) return;
      var all = lb.options();
      for (var i = 0; i < all.length; i++) {
        if (all[i] === option && i !== lb.active()) lb.highlight(i);
      }
    });

    listbox.addEventListener("click", function (event) {
      var option = event.target instanceof Element ? event.target.closest("[role=option]") : null;
      if (option) {
        event.preventDefault();
        go(option);
      }
    });
  }

  function start() {
    document.querySelectorAll("form[role=search]").forEach(enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
