/* The media library chooser (docs/architecture.md, "Media library"): one dialog listing library images with a
   thumbnail, title and alt-text status, searchable by title or tag, a page at a time. The rich-text editor's
   "Library image" toolbar button inserts the chosen picture with its alt text (empty for a decorative one); a
   "Choose from the library" button beside each hero image and portrait field sets that field.

   The list comes from the library admin's choices view; the admin frame names its address in
   <meta name="library-chooser"> for staff who may view the library. No inline script (strict CSP). */
(function () {
  "use strict";

  const state = { dialog: null, page: 1, query: "", onChoose: null, onClose: null, asked: 0 };

  function chooserUrl() {
    const meta = document.querySelector('meta[name="library-chooser"]');
    return meta ? meta.content : "";
  }

  function make(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  // The dialog, made once per page ---------------------------------------------
  function buildDialog() {
    const dialog = make("dialog", "library-chooser");
    dialog.setAttribute("aria-labelledby", "library-chooser-title");
    const head = make("div", "library-chooser-head");
    const title = make("h2", "", "Choose an image from the library");
    title.id = "library-chooser-title";
    const close = make("button", "library-chooser-close", "Close");
    close.type = "button";
    close.addEventListener("click", () => dialog.close());
    head.append(title, close);

    const search = make("form", "library-chooser-search");
    search.setAttribute("role", "search");
    const label = make("label", "", "Search by title or tag");
    label.htmlFor = "library-chooser-q";
    const input = make("input");
    input.type = "search";
    input.id = "library-chooser-q";
    input.name = "q";
    input.autocomplete = "off";
    const submit = make("button", "", "Search");
    submit.type = "submit";
    search.append(label, input, submit);
    search.addEventListener("submit", (event) => {
      event.preventDefault();
      state.query = input.value.trim();
      load(1);
    });

    const status = make("p", "library-chooser-status");
    status.setAttribute("role", "status");
    const results = make("ul", "library-chooser-results");
    const pages = make("nav", "library-chooser-pages");
    pages.setAttribute("aria-label", "Result pages");
    const previous = make("button", "", "Previous page");
    previous.type = "button";
    previous.addEventListener("click", () => load(state.page - 1));
    const next = make("button", "", "Next page");
    next.type = "button";
    next.addEventListener("click", () => load(state.page + 1));
    pages.append(previous, next);

    dialog.append(head, search, status, results, pages);
    dialog.addEventListener("close", () => {
      const done = state.onClose;
      state.onChoose = state.onClose = null;
      if (done) done();
    });
    document.body.append(dialog);
    return dialog;
  }

  function part(selector) {
    return state.dialog.querySelector(selector);
  }

  function load(page) {
    const params = new URLSearchParams({ page: String(page) });
    if (state.query) params.set("q", state.query);
    part(".library-chooser-status").textContent = "Loading…";
    const asked = ++state.asked;  // a slow answer to an earlier search must not replace a later one
    fetch(chooserUrl() + "?" + params, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then((response) => {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then((data) => {
        if (asked === state.asked) render(data);
      })
      .catch(() => {
        part(".library-chooser-status").textContent = "The library could not be loaded. Close this and try again.";
      });
  }

  function render(data) {
    state.page = data.page;
    const results = part(".library-chooser-results");
    results.replaceChildren(...data.results.map(item));
    const found = data.count === 1 ? "1 image" : `${data.count} images`;
    const where = data.query ? ` for “${data.query}”` : "";
    part(".library-chooser-status").textContent = data.count
      ? `${found}${where}, page ${data.page} of ${data.pages}.`
      : `No images${where}. Try another word, or upload the picture into the library first.`;
    const [previous, next] = part(".library-chooser-pages").querySelectorAll("button");
    previous.disabled = data.page <= 1;
    next.disabled = data.page >= data.pages;
    // A paging button that just became disabled drops focus to the page; keep it in the dialog.
    if (!state.dialog.contains(document.activeElement) || document.activeElement.disabled) {
      const first = results.querySelector("button, a") || part("#library-chooser-q");
      first.focus();
    }
  }

  function item(image) {
    const row = make("li", "library-chooser-item");
    const thumb = make("img", "library-chooser-thumb");
    thumb.src = image.url;
    thumb.alt = "";  // the title and alt text beside it say what it is
    thumb.width = 96;
    thumb.height = image.width ? Math.round((96 * image.height) / image.width) : 72;
    thumb.loading = "lazy";
    const text = make("div", "library-chooser-text");
    text.append(make("p", "library-chooser-title", image.title));
    let described = "Decorative: inserted with empty alt text";
    if (!image.decorative) described = image.alt ? `Alt text: ${image.alt}` : "No alt text yet";
    text.append(make("p", "library-chooser-alt", described));
    row.append(thumb, text);
    if (image.ready) {
      const choose = make("button", "library-chooser-choose", "Choose");
      choose.type = "button";
      choose.append(make("span", "library-chooser-hidden", ` “${image.title}”`));
      choose.addEventListener("click", () => {
        const chosen = state.onChoose;
        state.onChoose = null;
        state.dialog.close();
        if (chosen) chosen(image);
      });
      row.append(choose);
    } else {
      const fix = make("a", "library-chooser-fix", "Describe it in the library first");
      fix.href = image.change_url;
      fix.target = "_blank";
      fix.append(make("span", "library-chooser-hidden", ` (“${image.title}”, opens in a new tab)`));
      row.append(fix);
    }
    return row;
  }

  function open(onChoose, onClose) {
    state.dialog = state.dialog || buildDialog();
    state.onChoose = onChoose;
    state.onClose = onClose;
    state.query = "";
    part("#library-chooser-q").value = "";
    part(".library-chooser-results").replaceChildren();
    state.dialog.showModal();
    part("#library-chooser-q").focus();
    load(1);
  }

  // The rich-text editor's toolbar button -----------------------------------------
  /* A CKEditor 5 plug-in given to the editor by name: settings.CKEDITOR_5_CONFIGS lists
     "callback:libraryImagePlugin" in extraPlugins, which django-ckeditor-5's loader resolves to this function before
     it creates the editor, so the button is a real toolbar item (keyboard navigation, tooltip, read-only state).
     The bundle exports only ClassicEditor, so the button's class is read from a button the editor already has. */
  window.libraryImagePlugin = function (editor) {
    editor.ui.componentFactory.add("libraryImage", (locale) => {
      const ButtonView = editor.ui.componentFactory.create("undo").constructor;
      const button = new ButtonView(locale);
      button.set({ label: "Library image", tooltip: "Insert an image from the media library", withText: true });
      button.isVisible = Boolean(chooserUrl());
      const insert = editor.commands.get("insertImage");
      if (insert) button.bind("isEnabled").to(insert, "isEnabled");
      button.on("execute", () => {
        open(
          (image) => editor.execute("insertImage", { source: [{ src: image.url, alt: image.alt }] }),
          () => editor.editing.view.focus(),
        );
      });
      return button;
    });
  };

  // Hero image and portrait fields ------------------------------------------------
  function addFieldButton(wrapper) {
    const select = wrapper.querySelector("select");
    if (!select || wrapper.dataset.libraryChooser) return;
    wrapper.dataset.libraryChooser = "on";
    const button = make("button", "library-chooser-open", "Choose from the library");
    button.type = "button";
    const label = document.querySelector(`label[for="${select.id}"]`);
    if (label) button.setAttribute("aria-describedby", label.id || (label.id = `${select.id}-label`));
    button.addEventListener("click", () => {
      open(
        (image) => {
          let option = Array.from(select.options).find((candidate) => candidate.value === String(image.id));
          if (!option) {
            option = new Option(image.title, String(image.id));
            select.append(option);
          }
          select.value = String(image.id);
          select.dispatchEvent(new Event("change", { bubbles: true }));
          if (window.django && window.django.jQuery) window.django.jQuery(select).trigger("change");
          showPicked(button, image);
        },
        () => button.focus(),
      );
    });
    wrapper.after(button);
  }

  // The preview beside the field shows the saved choice; say what was just chosen until the form is saved.
  function showPicked(button, image) {
    let picked = button.nextElementSibling;
    if (!picked || !picked.classList.contains("library-chooser-picked")) {
      picked = make("p", "library-chooser-picked");
      picked.setAttribute("role", "status");
      button.after(picked);
    }
    const thumb = make("img", "library-chooser-thumb");
    thumb.src = image.url;
    thumb.alt = "";
    thumb.width = 96;
    thumb.height = image.width ? Math.round((96 * image.height) / image.width) : 72;
    const described = image.decorative ? "decorative" : `alt text: ${image.alt}`;
    picked.replaceChildren(thumb, make("span", "", `Chosen: ${image.title} (${described}). Save to keep it.`));
  }

  document.addEventListener("DOMContentLoaded", () => {
    if (!chooserUrl()) return;
    document.querySelectorAll('.related-widget-wrapper[data-model-ref="image"]').forEach(addFieldButton);
  });
})();
