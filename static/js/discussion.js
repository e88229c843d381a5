// The discussion under an article without page reloads. Every form in it is an ordinary
// POST that redirects (so it all works without JavaScript); here the same forms are sent
// with fetch and the header X-Lore-Partial: discussion. The server answers a success with
// the re-rendered discussion section, which replaces the old one, and a refused form with
// that form and its message (the text kept), which replaces the form.
(() => {
  "use strict";

  const section = () => document.getElementById("discussion");

  function fromHtml(html) {
    const template = document.createElement("template");
    template.innerHTML = html.trim();
    return template.content.firstElementChild;
  }

  // A permalink into a collapsed (resolved) thread opens it.
  function reveal(id) {
    const target = id && document.getElementById(id);
    if (!target) return null;
    for (let node = target.parentElement; node; node = node.parentElement) {
      if (node.tagName === "DETAILS" && node.classList.contains("thread-collapse")) node.open = true;
    }
    return target;
  }

  function showError(form, text) {
    let note = form.querySelector(".comment-form-error");
    if (!note) {
      note = document.createElement("p");
      note.className = "comment-form-error alert alert-error";
      note.setAttribute("role", "alert");
      form.prepend(note);
    }
    note.textContent = text;
  }

  async function send(form, submitter) {
    const body = new FormData(form);
    if (submitter && submitter.name) body.append(submitter.name, submitter.value);
    const buttons = form.querySelectorAll("button");
    buttons.forEach((button) => { button.disabled = true; });
    form.setAttribute("aria-busy", "true");
    let response;
    try {
      response = await fetch(form.action, {
        method: "POST",
        body,
        credentials: "same-origin",
        headers: { "X-Lore-Partial": "discussion" },
      });
    } catch {
      showError(form, "Couldn't reach the server; your text is still here. Try again.");
      return;
    } finally {
      buttons.forEach((button) => { button.disabled = false; });
      form.removeAttribute("aria-busy");
    }
    const html = await response.text();
    if (response.ok) {
      section().replaceWith(fromHtml(html));
      const url = response.headers.get("X-Comment-Url");
      if (url) history.replaceState(null, "", url);
      const id = `comment-${response.headers.get("X-Comment-Id")}`;
      if (response.headers.get("X-Thread-Collapsed")) {
        // Just resolved: the thread folds away; keep the focus on its summary.
        document.getElementById(id)?.closest("details.thread-collapse")
          ?.querySelector(":scope > summary")?.focus();
        return;
      }
      const comment = reveal(id);
      if (comment) {
        comment.scrollIntoView({ block: "center" });
        comment.focus({ preventScroll: true });
      }
    } else if (response.status === 400 || response.status === 409) {
      const replacement = fromHtml(html);
      form.replaceWith(replacement);
      replacement.querySelector("textarea, input:not([type=hidden])")?.focus();
    } else if (response.status === 403 || response.status === 404) {
      showError(form, response.status === 403
        ? "You aren't allowed to do that."
        : "That comment or article is gone (or you can no longer read it).");
    } else {
      showError(form, `Something went wrong (${response.status}); your text is still here.`);
    }
  }

  document.addEventListener("submit", (event) => {
    const form = event.target.closest("form[data-discussion-form]");
    if (!form || !section() || !section().contains(form)) return;
    event.preventDefault();
    if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) return;
    send(form, event.submitter);
  });

  const openFromHash = () => reveal(decodeURIComponent(location.hash.slice(1)))?.scrollIntoView();
  window.addEventListener("hashchange", openFromHash);
  document.addEventListener("DOMContentLoaded", openFromHash);
})();
