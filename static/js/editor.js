// Live preview (server-rendered, debounced) and Ctrl/Cmd+S to save, for the article editor.
(function () {
  "use strict";
  const form = document.getElementById("editor-form");
  if (!form) return;
  const body = form.querySelector("textarea[name=body]");
  const preview = document.getElementById("preview");
  const csrf = form.querySelector("input[name=csrfmiddlewaretoken]");
  let timer = null;
  let inFlight = null;
  let dirty = false;

  async function refresh() {
    if (!body || !preview) return;
    if (inFlight) inFlight.abort();
    inFlight = new AbortController();
    const data = new FormData();
    data.append("body", body.value);
    try {
      const response = await fetch(form.dataset.previewUrl, {
        method: "POST",
        body: data,
        headers: { "X-CSRFToken": csrf.value },
        credentials: "same-origin",
        signal: inFlight.signal,
      });
      // The server sanitises the HTML with the same allowlist as saved articles.
      preview.innerHTML = await response.text();
    } catch (error) {
      if (error.name !== "AbortError") {
        preview.innerHTML = '<p class="preview-error" role="alert">Preview unavailable. Your text is safe; you can still save.</p>';
      }
    }
  }

  if (body) {
    body.addEventListener("input", function () {
      dirty = true;
      clearTimeout(timer);
      timer = setTimeout(refresh, 350);
    });
    refresh();
  }

  document.addEventListener("keydown", function (event) {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "s") {
      event.preventDefault();
      dirty = false;
      form.requestSubmit();
    }
  });
  form.addEventListener("submit", function () { dirty = false; });
  window.addEventListener("beforeunload", function (event) {
    if (dirty) event.preventDefault();
  });
})();
