/*
 * Suggestions of existing tags in the article editor's tags field (input[data-tags-input],
 * a comma-separated list that works without this script).
 *
 * For the tag being typed (after the last comma), after a 200 ms pause, it asks the
 * field's data-suggest-url (?q=) for existing tags (an HTML fragment of <li role="option">)
 * and lists those not chosen yet, as an ARIA combobox: ArrowDown/ArrowUp move, Enter or a
 * click puts the highlighted tag in place of what was typed (followed by ", "), Escape closes.
 * Without a highlighted option, Enter submits the form as usual.
 */
(function () {
  "use strict";

  var DEBOUNCE_MS = 200;

  function enhance(field) {
    var input = field.querySelector("input[data-tags-input]");
    var listbox = field.querySelector("[role=listbox]");
    if (!input || !listbox) return;
    var url = field.getAttribute("data-suggest-url");
    var timer = null;
    var controller = null;
    var active = -1;

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listbox.id);

    function parts() {
      return input.value.split(",");
    }

    function typed() {
      var all = parts();
      return all[all.length - 1].trim();
    }

    function chosen() {
      var all = parts().slice(0, -1);
      return all.map(function (part) { return part.trim().toLowerCase(); });
    }

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

    function choose(option) {
      var all = parts();
      all[all.length - 1] = " " + option.getAttribute("data-name");
      input.value = all.join(",").replace(/^\s+/, "") + ", ";
      setOpen(false);
      input.focus();
    }

    function show(query, html) {
      if (query !== typed()) return; // typed on since: a newer answer is coming
      listbox.innerHTML = html;
      var taken = chosen();
      options().forEach(function (option) {
        if (taken.indexOf(option.getAttribute("data-name").toLowerCase()) >= 0) option.remove();
      });
      active = -1;
      setOpen(options().length > 0 && document.activeElement === input);
    }

    function load() {
      var query = typed();
      if (!query) {
        setOpen(false);
        return;
      }
      if (controller) controller.abort();
      controller = window.AbortController ? new AbortController() : null;
      fetch(url + "?q=" + encodeURIComponent(query), {
        credentials: "same-origin",
        headers: { Accept: "text/html" },
        signal: controller ? controller.signal : undefined,
      })
        .then(function (response) {
          if (!response.ok || response.redirected) throw new Error("no suggestions");
          return response.text();
        })
        .then(function (html) { show(query, html); })
        .catch(function () { /* Suggestions are a convenience: typing still works. */ });
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
        if (!listbox.hidden && active >= 0) {
          event.preventDefault();
          choose(options()[active]);
        }
      } else if (event.key === "Escape" && !listbox.hidden) {
        event.preventDefault();
        event.stopPropagation();
        setOpen(false);
      }
    });

    // mousedown, not click: it comes before the input's blur closes the list.
    listbox.addEventListener("mousedown", function (event) {
      var option = event.target.closest("[role=option]");
      if (option) {
        event.preventDefault();
        choose(option);
      }
    });

    input.addEventListener("blur", function () {
      setOpen(false);
    });
  }

  document.querySelectorAll(".tags-field[data-suggest-url]").forEach(enhance);
})();
