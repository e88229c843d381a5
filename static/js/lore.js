/*
 * Lore's shared script: small enhancements only. Every page works without it.
 *
 * - marks <html> with .js (loaded in <head>, before first paint) so CSS can turn the
 *   narrow-screen sidebar into a drawer instead of a list below the content
 * - the sidebar toggle ([data-sidebar-toggle], aria-expanded kept in sync)
 * - menus built on <details data-menu> (or class="menu"): close on Escape and on a click
 *   elsewhere
 * - confirmations: <form data-confirm="Delete it?"> or <a|button data-confirm="…">
 * - "/" focuses the search box
 */
(function () {
  "use strict";

  var MENUS = "details[data-menu], details.menu";
  var MENUS_OPEN = "details[data-menu][open], details.menu[open]";
  var root = document.documentElement;
  root.classList.add("js");

  function app() {
    return document.querySelector("[data-app]");
  }

  function setSidebar(open) {
    var shell = app();
    var toggle = document.querySelector("[data-sidebar-toggle]");
    var backdrop = document.querySelector(".sidebar-backdrop");
    if (!shell || !toggle) return;
    shell.classList.toggle("sidebar-open", open);
    toggle.setAttribute("aria-expanded", String(open));
    if (backdrop) backdrop.hidden = !open;
  }

  function sidebarIsOpen() {
    var shell = app();
    return Boolean(shell && shell.classList.contains("sidebar-open"));
  }

  function closeMenus(except) {
    document.querySelectorAll(MENUS_OPEN).forEach(function (menu) {
      if (menu !== except) menu.open = false;
    });
  }

  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target : null;
    if (!target) return;

    if (target.closest("[data-sidebar-toggle]")) {
      setSidebar(!sidebarIsOpen());
      return;
    }
    if (target.closest("[data-sidebar-close]")) {
      setSidebar(false);
      return;
    }
    closeMenus(target.closest(MENUS));

    // Forms ask on submit (below), so a confirm on a submit button would ask twice.
    var confirming = target.closest("a[data-confirm], button[data-confirm]");
    if (confirming && !window.confirm(confirming.getAttribute("data-confirm"))) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form instanceof HTMLFormElement && form.hasAttribute("data-confirm")) {
      if (!window.confirm(form.getAttribute("data-confirm"))) event.preventDefault();
    }
  });

  function isTyping(element) {
    if (!(element instanceof Element)) return false;
    return Boolean(
      element.closest("input, textarea, select, [contenteditable]:not([contenteditable='false'])")
    );
  }

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      var openMenu = document.querySelector(MENUS_OPEN);
      if (openMenu) {
        openMenu.open = false;
        openMenu.querySelector("summary").focus();
        return;
      }
      if (sidebarIsOpen()) {
        setSidebar(false);
        document.querySelector("[data-sidebar-toggle]").focus();
      }
      return;
    }
    if (event.key === "/" && !event.ctrlKey && !event.metaKey && !event.altKey) {
      var search = document.getElementById("site-search");
      if (search && !isTyping(event.target)) {
        event.preventDefault();
        search.focus();
        search.select();
      }
    }
  });

  // The drawer only exists on narrow screens; don't leave it open behind a wide layout.
  var wide = window.matchMedia("(min-width: 901px)");
  function closeWhenWide(query) {
    if (query.matches) setSidebar(false);
  }
  if (wide.addEventListener) wide.addEventListener("change", closeWhenWide);
})();
