/*
 * Suggestions of existing tags in the article editor's tags field (input[data-tags-input],
 * a comma-separated list that works without this script).
 *
 * For the tag being typed (after the last comma), after a 200 ms pause, it asks the
 * field's data-suggest-url (?q=) for existing tags (an HTML fragment of <li role="option">)
 * and lists those not chosen yet, as an ARIA combobox: ArrowDown/ArrowUp move, Enter or a
 * click puts the highlighted tag in place of what was typed (followed by ", "), Escape closes.
 * Without a highlighted option, Enter submits the form as usual. The combobox itself (keys,
 * aria-* attributes) is static/js/listbox.js, which must be loaded first.
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
    var lb = window.LoreListbox(input, listbox, choose);

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

    function choose(option) {
      var all = parts();
      all[all.length - 1] = " " + option.getAttribute("data-name");
      input.value = all.join(",").replace(/^\s+/, "") + ", ";
      lb.setOpen(false);
      input.focus();
    }

    function show(query, html) {
      if (query !== typed()) return; // typed on since: a newer answer is coming
      lb.replace(html);
      var taken = chosen();
      lb.options().forEach(function (option) {
        if (taken.indexOf(option.getAttribute("data-name").toLowerCase()) >= 0) option.remove();
      });
      lb.setOpen(lb.options().length > 0 && document.activeElement === input);
    }

    function load() {
      var query = typed();
      if (!query) {
        lb.setOpen(false);
        return;
      }
      lb.fetch(url, query, function (html) { show(query, html); });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(load, DEBOUNCE_MS);
    });

    // mousedown, not click: it comes before the input's blur closes the list.
    listbox.addEventListener("mousedown", function (event) {
      var option = event.target.closest("[role=option]");
      if (option) {
        event.preventDefault();
        choose(option);
      }
    });
  }

  document.querySelectorAll(".tags-field[data-suggest-url]").forEach(enhance);
})();
