// The sidebar tree's expand/collapse buttons (templates/articles/includes/tree.html).
// Progressive enhancement: without this script every title is still a link to its article,
// and tree.css hides the buttons. A closed node's children are fetched once, on first expansion.
(function () {
  "use strict";

  function showError(group, link) {
    var item = document.createElement("li");
    item.className = "tree-error";
    item.setAttribute("role", "alert");
    item.append("Couldn't load the sub-articles. ");
    var open = document.createElement("a");
    open.href = link.href;
    open.textContent = "Open the page";
    item.append(open);
    group.replaceChildren(item);
  }

  async function load(button, group) {
    button.setAttribute("aria-busy", "true");
    try {
      var response = await fetch(button.dataset.url, {
        headers: { "X-Requested-With": "fetch" },
        credentials: "same-origin",
      });
      if (!response.ok) throw new Error(response.status);
      var template = document.createElement("template");
      // Server-rendered by Lore's own template, titles escaped there.
      template.innerHTML = await response.text();
      group.replaceChildren(template.content);
      group.dataset.loaded = "true";
    } catch (error) {
      showError(group, button.parentElement.querySelector(".tree-link"));
    } finally {
      button.removeAttribute("aria-busy");
    }
  }

  function toggle(button) {
    var group = document.getElementById(button.getAttribute("aria-controls"));
    if (!group || button.getAttribute("aria-busy") === "true") return;
    var expanding = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", String(expanding));
    group.hidden = !expanding;
    // An open node rendered by the server already holds its children.
    // (A group holding only a loading error is tried again.)
    if (expanding && !group.dataset.loaded && !group.querySelector(".tree-item")) {
      load(button, group);
    }
  }

  // A deep or late article would otherwise sit below the fold of the sidebar.
  function scrollToCurrent(tree) {
    var current = tree.querySelector('[aria-current="page"]');
    var scroller = tree.closest(".sidebar");
    if (!current || !scroller) return;
    var box = scroller.getBoundingClientRect();
    var item = current.getBoundingClientRect();
    if (item.top < box.top || item.bottom > box.bottom) {
      scroller.scrollTop += item.top - box.top - box.height / 3;
    }
  }

  function setUp(tree) {
    if (tree.dataset.treeReady) return;
    tree.dataset.treeReady = "true";
    scrollToCurrent(tree);
    tree.addEventListener("click", function (event) {
      var button = event.target.closest(".tree-toggle");
      if (button && tree.contains(button)) toggle(button);
    });
  }

  document.querySelectorAll("[data-tree]").forEach(setUp);
})();
