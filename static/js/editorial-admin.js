/* The editorial change page: warn before unsaved edits are lost, say who else is editing, point from fields to
   their open comments, count title length, and keep pasted Word and Google Docs content honest (images that
   cannot be uploaded become a visible note). No inline script: the
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
    const markDirty = (event) => {
      if (!belongs(event.target) || dirty) return;
      dirty = true;
      form.dataset.dirty = "true";
      form.dispatchEvent(new CustomEvent("editorial:dirty"));  // the presence heartbeat tells others at once
    };
    document.addEventListener("input", markDirty, true);
    document.addEventListener("change", markDirty, true);
    form.addEventListener("submit", () => { submitting = true; });
    // A form shown again with errors (a refused save included) holds input that is not stored anywhere yet.
    if (document.querySelector("#content-main .errornote")) {
      dirty = true;
      form.dataset.dirty = "true";
    }
    window.addEventListener("beforeunload", (event) => {
      if (dirty && !submitting) {
        event.preventDefault();
        event.returnValue = "";  // older browsers show their own wording; the text is never shown
      }
    });
    form.dataset.unsavedWatch = "on";
  }

  // Who else is editing ------------------------------------------------------
  // A heartbeat posts this page's "unsaved edits" flag to a staff-only endpoint every 20 s and shows who else has
  // the page open. The server refuses a save over a newer one anyway.
  const BEAT_MS = 20000;

  function showPresence(box, notices) {
    const list = box.querySelector(".edit-lock-list");
    const items = notices.map((text) => {
      const item = document.createElement("li");
      item.textContent = text;
      return item;
    });
    list.replaceChildren(...items);
    box.classList.toggle("edit-lock-empty", notices.length === 0);
  }

  function watchPresence(box, form) {
    const token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
    const body = () => {
      const data = new FormData();
      data.append("csrfmiddlewaretoken", token);
      data.append("dirty", form.dataset.dirty === "true" ? "1" : "0");
      return data;
    };
    const beat = () =>
      // Not activity: an untouched open tab must not keep its session alive (typing counts, through autosave).
      fetch(box.dataset.presenceUrl, {
        method: "POST", body: body(), credentials: "same-origin", headers: { "X-Not-Activity": "1" },
      })
        .then((response) => (response.ok ? response.json() : null))
        .then((answer) => { if (answer) showPresence(box, answer.notices); })
        .catch(() => {});  // offline for a moment: the next beat tries again
    form.addEventListener("editorial:dirty", beat);
    // No "left" beacon on pagehide: an entry simply goes stale a minute after the last beat, and a request
    // sent while the tab is being torn down would race whatever runs next.
    window.setInterval(beat, BEAT_MS);
    box.dataset.presence = "on";
  }

  // Open comments beside their field ------------------------------------------
  // The comments panel below the form groups open threads by the part of the draft they are about; each field
  // with open comments gets a link to its group, so nobody has to scroll to find out that a field is in question.
  const COMMENT_ROWS = {
    section: [".form-row.field-body", ".form-row.field-body_as_read"],
    source: [".inline-group[id*='sources']", ".form-row.field-sources_as_read"],
  };

  function flagCommentedFields() {
    document.querySelectorAll(".comment-group[data-comment-target]").forEach((group) => {
      const target = group.dataset.commentTarget;
      if (!target) return;  // about the page as a whole: the panel itself is the place
      const kind = target.split(":")[0];
      const selectors = COMMENT_ROWS[kind] || [".form-row.field-" + kind];
      const row = selectors.map((selector) => document.querySelector(selector)).find(Boolean);
      if (!row) return;
      const count = Number(group.dataset.commentCount);
      const flag = document.createElement("p");
      flag.className = "comment-flag";
      const link = document.createElement("a");
      link.href = "#" + group.id;
      link.textContent = count + " open comment" + (count === 1 ? "" : "s") + " on " + group.dataset.commentLabel;
      flag.append(link);
      row.append(flag);
    });
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
  // The clipboard HTML is cleaned as a string before the editor parses it: under the strict policy every inline
  // style the browser parses is refused (and reported), and Word's bullets live in a <style> sheet the browser
  // would refuse, which turns them into numbers. Here the list kind is read from the sheet's text, Word's list
  // paragraphs become real lists, and every style is dropped (the sanitizer keeps none anyway).
  const NOTE = "[Image not copied: save it from the original document and add it here with the Insert image button.]";
  const STYLE_ATTRIBUTE = /\sstyle\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi;

  function listKinds(html) {
    const kinds = {};
    for (const match of html.matchAll(/@list\s+(l\d+):level(\d+)\s*\{([^}]*)\}/gi)) {
      kinds[match[1] + ":" + match[2]] = /mso-level-number-format:\s*bullet/i.test(match[3]) ? "ul" : "ol";
    }
    return kinds;
  }

  function markTag(tag) {
    return tag.replace(STYLE_ATTRIBUTE, (attribute, value) => {
      const list = /mso-list:\s*(l\d+)\s+level(\d+)/i.exec(value);
      if (list) return ' data-mso-list="' + list[1] + ":" + list[2] + '"';
      if (/mso-list:\s*Ignore/i.test(value)) return ' data-mso-ignore=""';
      return "";
    });
  }

  // Word for Mac (and Word without mso-list:Ignore) writes each item's marker, glyph and no-break spaces, as
  // text between <![if !supportLists]> and <![endif]>: the marker is cut out whole, keeping only its kind.
  const LIST_MARKER = /<!\[if !supportLists\]>([\s\S]*?)<!\[endif\]>/gi;
  const NUMBERED = /^\s*(\d+|[a-z]|[ivxlc]+)[.)]/i;

  function markerKind(marker) {
    const text = marker.replace(/<[^>]*>/g, "").replace(/&nbsp;|\u00a0/g, " ");
    return '<span data-mso-marker="' + (NUMBERED.test(text) ? "ol" : "ul") + '"></span>';
  }

  function listItem(doc, paragraph) {
    const item = doc.createElement("li");
    item.append(...paragraph.childNodes);
    item.normalize();
    const first = item.firstChild;
    if (first && first.nodeType === Node.TEXT_NODE) {
      first.textContent = first.textContent.replace(/^[\s\u00a0]+/, "");
    }
    return item;
  }

  // Word's list paragraphs become lists, nested by their mso-list level. A run of adjacent list paragraphs is
  // one list tree; "stack" holds its open lists, outermost first.
  function buildLists(doc, kinds) {
    let stack = [];
    doc.body.querySelectorAll("[data-mso-ignore]").forEach((marker) => marker.remove());
    Array.from(doc.body.querySelectorAll("p[data-mso-list]")).forEach((paragraph) => {
      const [id, levelText] = paragraph.dataset.msoList.split(":");
      const level = Number(levelText);
      const marker = paragraph.querySelector("[data-mso-marker]");
      const kind = kinds[paragraph.dataset.msoList] || (marker ? marker.dataset.msoMarker : "ul");
      if (marker) marker.remove();
      if (!stack.length || stack[0].list.nextElementSibling !== paragraph) stack = [];
      while (stack.length && stack[stack.length - 1].level > level) stack.pop();
      let top = stack[stack.length - 1];
      if (top && top.level === level && (top.id !== id || top.list.localName !== kind)) {
        stack.pop();  // another list at the same level: a sibling list, not more items of this one
        top = stack[stack.length - 1];
      }
      if (!top || top.level < level) {
        const list = doc.createElement(kind);
        if (top) top.list.lastElementChild.append(list);  // a deeper level nests in the item above it
        else paragraph.before(list);
        stack.push({ list, level, id });
        top = stack[stack.length - 1];
      }
      top.list.append(listItem(doc, paragraph));
      paragraph.remove();
    });
  }

  function cleanClipboardHtml(html) {
    const kinds = listKinds(html);
    const marked = html
      .replace(/<style[\s\S]*?<\/style>/gi, "")
      .replace(/<!--\[if[\s\S]*?<!\[endif\]-->/gi, "")  // Word's VML copies of its images
      .replace(LIST_MARKER, (_, marker) => markerKind(marker))
      .replace(/<!\[(?:if[^\]]*|endif)\]>/gi, "")
      .replace(/<[^>]+>/g, markTag);
    const doc = new DOMParser().parseFromString(marked, "text/html");  // style-free now: nothing is refused
    // Google Docs wraps the whole copy in <b style="font-weight:normal">: without its style it would be bold.
    doc.querySelectorAll("b[id^='docs-internal-guid']").forEach((wrapper) => wrapper.replaceWith(...wrapper.childNodes));
    // Chrome's marker that the copy ended at a line end: left in, it becomes an empty "<br>&nbsp;" paragraph.
    doc.querySelectorAll("br.Apple-interchange-newline").forEach((marker) => marker.remove());
    buildLists(doc, kinds);
    return doc.body.innerHTML;
  }

  function uploadable(src) {
    if (!src) return false;
    if (src.startsWith("data:image/") || src.startsWith("blob:")) return true;  // the editor uploads these
    if (src.startsWith("/") && !src.startsWith("//")) return true;  // already on this site
    return src.startsWith(window.location.origin + "/");
  }

  const IMAGES = ["imageBlock", "imageInline"];

  function noteFor(image) {
    const alt = (image.getAttribute("alt") || "").trim();
    return alt ? NOTE.replace(/]$/, " (" + alt + ")]") : NOTE;
  }

  function cleanPastes(editor) {
    const pipeline = editor.plugins.get("ClipboardPipeline");
    editor.editing.view.document.on("clipboardInput", (event, data) => {
      const transfer = data.dataTransfer;
      const html = transfer.getData("text/html");
      if (!html) return;
      const cleaned = cleanClipboardHtml(html);
      const read = transfer.getData.bind(transfer);
      transfer.getData = (type) => (type === "text/html" ? cleaned : read(type));
    }, { priority: "highest" });
    // The pasted content as the editor's model, before it enters the document: nothing has been shown or
    // fetched yet, so an image nobody can upload is swapped for a note without a broken image ever appearing.
    pipeline.on("contentInsertion", (event, data) => {
      editor.model.change((writer) => {
        const doomed = Array.from(writer.createRangeIn(data.content).getItems()).filter(
          // An image the editor is uploading has an uploadId (and an empty src until the upload ends).
          (item) =>
            item.is("element") && IMAGES.includes(item.name) && !item.hasAttribute("uploadId") &&
            !uploadable(item.getAttribute("src")),
        );
        doomed.forEach((image) => {
          const note = noteFor(image);
          const position = writer.createPositionBefore(image);
          writer.remove(image);
          if (image.name === "imageBlock") {
            const paragraph = writer.createElement("paragraph");
            writer.insertText(note, paragraph);
            writer.insert(paragraph, position);
          } else {
            writer.insertText(note, position);
          }
        });
      });
    }, { priority: "high" });
    editor.sourceElement.dataset.pasteClean = "on";
  }

  function whenEditorReady(id, callback) {
    if (window.editors && window.editors[id]) callback(window.editors[id]);
    else if (window.ckeditorRegisterCallback) window.ckeditorRegisterCallback(id, callback);
  }

  // Names for the admin's autocomplete boxes ------------------------------
  // Select2 (the admin's autocomplete) draws its own combobox and search box with no accessible name, and
  // redraws the search box on every change: name them after the field's label whenever they appear.
  function nameAutocompletes() {
    document.querySelectorAll(".select2-container").forEach((container) => {
      const select = container.previousElementSibling;
      if (!select || select.tagName !== "SELECT") return;
      const label = document.querySelector("label[for='" + select.id + "']");
      const name = (label ? label.textContent : select.name).replace(/:\s*$/, "").trim();
      container
        .querySelectorAll(".select2-selection, .select2-search__field, .select2-selection__rendered[role=textbox]")
        .forEach((element) => {
          if (element.getAttribute("aria-label") !== name) element.setAttribute("aria-label", name);
        });
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    if (document.querySelector(".admin-autocomplete")) {
      new MutationObserver(nameAutocompletes).observe(document.body, { childList: true, subtree: true });
      nameAutocompletes();
    }
    const form = changeForm();
    if (form) watchUnsavedChanges(form);
    const presence = document.getElementById("edit-lock");
    if (form && presence) watchPresence(presence, form);
    document.querySelectorAll("input[data-length-guide]").forEach(countTitle);
    flagCommentedFields();
    document.querySelectorAll("textarea.django_ckeditor_5").forEach((area) => whenEditorReady(area.id, cleanPastes));
  });
})();
