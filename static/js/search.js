/*
 * Search as you type in the header's search box (form[role=search] input[name=q]).
 *
 * Without this script the box is a plain GET form to /search/. With it, after two characters
 * and a 250 ms pause, it asks /search/suggest/?q= for matching article titles (an HTML fragment
 * of <li role="option">) and shows them under the box, following the ARIA combobox pattern:
 * the input has role=combobox, aria-expanded and aria-controls; the highlighted option is named
 * by aria-activedescendant, so focus stays in the input. ArrowDown/ArrowUp move, Enter opens
 * the highlighted article (or, with none highlighted, submits for full results), Escape closes.
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

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listbox.id);

    var timer = null;
    var controller = null;
    var shownFor = null; // the query whose suggestions the listbox holds
    var active = -1;

    function options() {
      return listbox.querySelectorAll("[role=option]");
    }

    function setOpen(open) {
      listbox.hidden = !open;
      input.setAttribute("aria-expanded", String(open));
      if (!open) highlight(-1);
    }

    function highlight(index) {
      var all = options();
      active = index;
      for (var i = 0; i < all.length; i++) {
        all[i].setAttribute("aria-selected", String(i === index));
      }
      if (index >= 0 && all[index]) {
        input.setAttribute("aria-activedescendant", all[index].id);
        all[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function move(step) {
      var count = options().length;
      if (!count) return;
      if (listbox.hidden) setOpen(true);
      var next = active + step;
      if (next < 0) next = count - 1;
      if (next >= count) next = 0;
      highlight(next);
    }

    function show(query, html) {
      if (query !== input.value.trim()) return; // typed on since: a newer request is coming
      listbox.innerHTML = html;
      shownFor = query;
      active = -1;
      setOpen(options().length > 0 && document.activeElement === input);
    }

    function load() {
      var query = input.value.trim();
      if (query.length < MIN_CHARS) {
        if (controller) controller.abort();
        listbox.innerHTML = "";
        shownFor = null;
        setOpen(false);
        return;
      }
      if (query === shownFor) {
        setOpen(options().length > 0);
        return;
      }
      if (controller) controller.abort();
      controller = window.AbortController ? new AbortController() : null;
      fetch(suggestUrl + "?q=" + encodeURIComponent(query), {
        credentials: "same-origin",
        headers: { Accept: "text/html" },
        signal: controller ? controller.signal : undefined,
      })
        .then(function (response) {
          // Signed out meanwhile: the answer is the sign-in page, not suggestions.
          if (!response.ok || response.redirected) throw new Error("no suggestions");
          return response.text();
        })
        .then(function (html) {
          show(query, html);
        })
        .catch(function () {
          /* Suggestions are a convenience: the form still submits. */
        });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(load, DEBOUNCE_MS);
    });

    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") {
        event.preventDefault();
        move(1);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        move(-1);
      } else if (event.key === "Enter") {
        var chosen = !listbox.hidden && active >= 0 ? options()[active] : null;
        if (chosen) {
          event.preventDefault();
          window.location.assign(chosen.getAttribute("data-url"));
        }
        // Otherwise the form submits: full results.
      } else if (event.key === "Escape") {
        if (!listbox.hidden) {
          event.preventDefault();
          event.stopPropagation();
          setOpen(false);
        }
      }
    });

    input.addEventListener("focus", function () {
      if (shownFor !== null && shownFor === input.value.trim() && options().length) {
        setOpen(true);
      }
    });

    input.addEventListener("blur", function () {
      setOpen(false);
    });

    // Keep focus in the input while clicking an option, so blur doesn't close the list first.
    listbox.addEventListener("mousedown", function (event) {
      event.preventDefault();
    });

    listbox.addEventListener("mousemove", function (event) {
      var option = event.target instanceof Element ? event.target.closest("[role=option]") : null;
      if (!option) return;
      var all = options();
      for (var i = 0; i < all.length; i++) {
        if (all[i] === option && i !== active) highlight(i);
      }
    });

    listbox.addEventListener("click", function (event) {
      var option = event.target instanceof Element ? event.target.closest("[role=option]") : null;
      if (option) {
        event.preventDefault();
        window.location.assign(option.getAttribute("data-url"));
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
