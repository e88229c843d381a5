/*
 * The ARIA combobox/listbox shared by the header's search suggestions (search.js) and the
 * editor's tag suggestions (tags.js). Load it before them.
 *
 *   var lb = window.LoreListbox(input, listbox, onChoose);
 *
 * makes the input a combobox controlling the listbox (role, aria-autocomplete, aria-expanded,
 * aria-controls; the listbox needs an id), and handles its keys: ArrowDown/ArrowUp move the
 * highlight (opening the list, wrapping round), Enter on a highlighted option calls
 * onChoose(option) instead of submitting the form, Escape closes an open list. Leaving the input
 * closes it. The highlighted option is named by aria-activedescendant, so focus stays in the
 * input. Fetching options and what the mouse does are the caller's, with what this returns:
 *
 *   lb.options()       the listbox's [role=option] elements
 *   lb.setOpen(open)   shows or hides the list (closing it drops the highlight)
 *   lb.highlight(i)    highlights option i (-1: none)
 *   lb.active()        the highlighted option's index, -1 for none
 *   lb.replace(html)   new options; none highlighted
 *   lb.fetch(url, query, onHtml)
 *                      GETs url?q=query and calls onHtml(html) with the answer, cancelling the
 *                      request before it (so a slow old answer never replaces a newer one);
 *                      a failure, or a redirect (signed out meanwhile: the sign-in page),
 *                      is ignored: suggestions are a convenience, typing still works
 *   lb.cancel()        cancels the request in flight
 *
 * Safe to load twice: it only defines window.LoreListbox.
 */
(function () {
  "use strict";

  window.LoreListbox = function (input, listbox, onChoose) {
    var active = -1;

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listbox.id);

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

    function replace(html) {
      listbox.innerHTML = html;
      active = -1;
    }

    var controller = null;

    function cancel() {
      if (controller) controller.abort();
      controller = null;
    }

    function fetchOptions(url, query, onHtml) {
      cancel();
      controller = window.AbortController ? new AbortController() : null;
      window
        .fetch(url + "?q=" + encodeURIComponent(query), {
          credentials: "same-origin",
          headers: { Accept: "text/html" },
          signal: controller ? controller.signal : undefined,
        })
        .then(function (response) {
          if (!response.ok || response.redirected) throw new Error("no suggestions");
          return response.text();
        })
        .then(onHtml)
        .catch(function () {});
    }

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
          onChoose(chosen);
        }
        // Otherwise the form submits as usual.
      } else if (event.key === "Escape" && !listbox.hidden) {
        event.preventDefault();
        event.stopPropagation();
        setOpen(false);
      }
    });

    input.addEventListener("blur", function () {
      setOpen(false);
    });

    return {
      options: options,
      setOpen: setOpen,
      highlight: highlight,
      active: function () { return active; },
      replace: replace,
      fetch: fetchOptions,
      cancel: cancel,
    };
  };
})();
