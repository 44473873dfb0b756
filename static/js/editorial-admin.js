/* The editorial change page: warn before unsaved edits are lost, count title length, and keep pasted Word and
   Google Docs content honest (images that cannot be uploaded become a visible note). No inline script: the
   admin runs under the site's strict Content Security Policy. */
(function () {
  "use strict";

  function changeForm() {
    return document.querySelector("#content-main form[id$='_form']");
  }

  // Unsaved changes ---------------------------------------------------------
  function watchUnsavedChanges(form) {
    let dirty = false;
    let submitting = false;
    const belongs = (target) =>
      target instanceof Element && (form.contains(target) || target.form === form || target.getAttribute("form") === form.id);
    document.addEventListener("input", (event) => { if (belongs(event.target)) dirty = true; }, true);
    document.addEventListener("change", (event) => { if (belongs(event.target)) dirty = true; }, true);
    form.addEventListener("submit", () => { submitting = true; });
    window.addEventListener("beforeunload", (event) => {
      if (dirty && !submitting) {
        event.preventDefault();
        event.returnValue = "";  // older browsers show their own wording; the text is never shown
      }
    });
    form.dataset.unsavedWatch = "on";
  }

  // Title length guide --------------------------------------------------------
  function countTitle(input) {
    const guide = Number(input.dataset.lengthGuide);
    const limit = Number(input.getAttribute("maxlength"));
    const counter = document.createElement("p");
    counter.className = "help review-title-count";
    counter.id = input.id + "-count";
    counter.setAttribute("aria-live", "polite");
    input.insertAdjacentElement("afterend", counter);
    input.setAttribute("aria-describedby", [input.getAttribute("aria-describedby"), counter.id].filter(Boolean).join(" "));
    const update = () => {
      const length = input.value.length;
      counter.textContent = length + " of " + limit + " characters" +
        (length > guide ? ": search results cut titles longer than " + guide + "." : ".");
      counter.classList.toggle("review-title-long", length > guide);
    };
    input.addEventListener("input", update);
    update();
  }

  // Paste from Word and Google Docs ---------------------------------------
  const NOTE = "[Image not copied: save it from the original document and add it here with the Insert image button.]";

  function uploadable(src) {
    if (!src) return false;
    if (src.startsWith("data:image/") || src.startsWith("blob:")) return true;  // the editor uploads these
    if (src.startsWith("/") && !src.startsWith("//")) return true;  // already on this site
    return src.startsWith(window.location.origin + "/");
  }

  function replaceImages(html) {
    const doc = new DOMParser().parseFromString(html, "text/html");  // inert: nothing loads or runs
    let replaced = 0;
    doc.body.querySelectorAll("img").forEach((img) => {
      if (uploadable(img.getAttribute("src"))) return;
      const note = doc.createElement("p");
      const alt = (img.getAttribute("alt") || "").trim();
      note.textContent = alt ? NOTE.replace("]", " (" + alt + ")]") : NOTE;
      const block = img.closest("p, figure, li, td") || img;
      if (block === img || block.textContent.trim() === "") {
        block.replaceWith(note);
      } else {
        img.replaceWith(note.textContent);
      }
      replaced += 1;
    });
    return replaced ? doc.body.innerHTML : null;
  }

  function cleanPastes(editor) {
    const pipeline = editor.plugins.get("ClipboardPipeline");
    // After PasteFromOffice (high priority) has turned Word's paragraphs into lists, before uploads (low).
    pipeline.on("inputTransformation", (event, data) => {
      const processor = editor.data.htmlProcessor;
      const html = replaceImages(processor.toData(data.content));
      if (html !== null) data.content = processor.toView(html);
    }, { priority: "normal" });
    editor.sourceElement.dataset.pasteClean = "on";
  }

  function whenEditorReady(id, callback) {
    if (window.editors && window.editors[id]) callback(window.editors[id]);
    else if (window.ckeditorRegisterCallback) window.ckeditorRegisterCallback(id, callback);
  }

  document.addEventListener("DOMContentLoaded", () => {
    const form = changeForm();
    if (form) watchUnsavedChanges(form);
    document.querySelectorAll("input[data-length-guide]").forEach(countTitle);
    document.querySelectorAll("textarea.django_ckeditor_5").forEach((area) => whenEditorReady(area.id, cleanPastes));
  });
})();
