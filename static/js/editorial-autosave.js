/* The change page's autosave and session warning (editorial/autosave.py, accounts/sessions.py).

   What the person types is posted to their own autosave 5 s after the last input, when a field loses focus and
   when the page goes away; the screen says when it was kept, or that it was not. "Restore" fills the form from
   the autosave offered by the server; nothing is saved until the person presses Save. Two minutes before the
   idle limit a warning offers "Stay signed in". No inline script: the admin runs under a strict CSP. */
(function () {
  "use strict";

  const QUIET_MS = 5000;
  const NOT_INPUT = ["csrfmiddlewaretoken", "_save", "_continue", "_addanother", "_saveasnew"];

  function changeForm() {
    return document.querySelector("#content-main form[id$='_form']");
  }

  function editorFor(field) {
    return field && field.id && window.editors ? window.editors[field.id] : null;
  }

  function formBody(form) {
    // The rich-text editor writes its textarea lazily: take its current text first.
    form.querySelectorAll("textarea.django_ckeditor_5").forEach((area) => {
      const editor = editorFor(area);
      if (editor) area.value = editor.getData();
    });
    const data = new FormData(form);
    NOT_INPUT.forEach((name) => data.delete(name));
    return data;
  }

  function csrfToken(form) {
    return form.querySelector("input[name=csrfmiddlewaretoken]").value;
  }

  // Session warning ------------------------------------------------------------
  function watchSession(box, form) {
    const warning = box.querySelector(".session-warning");
    const warnBefore = Number(box.dataset.warningSeconds) * 1000;
    let timer = null;
    const schedule = (secondsLeft) => {
      window.clearTimeout(timer);
      warning.hidden = true;
      timer = window.setTimeout(() => { warning.hidden = false; }, Math.max(0, secondsLeft * 1000 - warnBefore));
    };
    box.querySelector(".session-stay").addEventListener("click", () => {
      fetch(box.dataset.stayUrl, {
        method: "POST", credentials: "same-origin", headers: { "X-CSRFToken": csrfToken(form) },
      })
        .then((response) => (response.ok ? response.json() : Promise.reject(response)))
        .then((answer) => schedule(answer.seconds_left))
        .catch(() => {
          warning.querySelector(".session-warning-text").textContent =
            "You have been signed out. Press Save to sign in again: what you typed is kept in your autosave.";
        });
    });
    schedule(Number(box.dataset.secondsLeft));
    return schedule;
  }

  // Autosave ---------------------------------------------------------------------
  function watchInput(box, form, onSessionTime) {
    const status = box.querySelector(".autosave-status");
    let timer = null;
    let pending = false;
    let submitting = false;
    const save = (keepalive) => {
      window.clearTimeout(timer);
      if (!pending || submitting) return;
      pending = false;
      fetch(box.dataset.autosaveUrl, {
        method: "POST",
        body: formBody(form),
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(form) },
        keepalive: keepalive,  // sent even while the page is going away (a tab closed, a sign-in page next)
        redirect: "manual",  // an ended session answers with the sign-in page: that is a failure here
      })
        .then((response) => (response.ok ? response.json() : Promise.reject(response)))
        .then((answer) => {
          status.textContent = "Autosaved at " + answer.saved_at;
          status.classList.remove("autosave-failed");
          onSessionTime(answer.seconds_left);
        })
        .catch(() => {
          pending = true;  // try again at the next input or blur
          status.textContent = "Autosave failed: your changes are only in this window.";
          status.classList.add("autosave-failed");
        });
    };
    const changed = (event) => {
      const target = event.target;
      if (!(target instanceof Element) || !form.contains(target)) return;
      pending = true;
      window.clearTimeout(timer);
      timer = window.setTimeout(() => save(false), QUIET_MS);
    };
    document.addEventListener("input", changed, true);
    document.addEventListener("change", changed, true);
    form.addEventListener("focusout", (event) => {
      // Leaving a field for a Save button: the form post carries the input, and an autosave would race it.
      if (!(event.relatedTarget && event.relatedTarget.type === "submit")) save(false);
    });
    form.addEventListener("submit", () => { submitting = true; });
    window.addEventListener("pagehide", () => save(true));
    document.addEventListener("visibilitychange", () => { if (document.visibilityState === "hidden") save(true); });
    box.dataset.autosave = "on";
  }

  // Restore ----------------------------------------------------------------------
  function restore(form, data) {
    Object.entries(data).forEach(([name, values]) => {
      const fields = Array.from(form.elements).filter((field) => field.name === name);
      fields.forEach((field) => {
        const editor = editorFor(field);
        if (editor) editor.setData(values.join(""));
        else if (field.type === "checkbox" || field.type === "radio") field.checked = values.includes(field.value);
        else if (field.tagName === "SELECT") {
          Array.from(field.options).forEach((option) => { option.selected = values.includes(option.value); });
        } else if (field.type !== "file") field.value = values[0] ?? "";
        field.dispatchEvent(new Event("change", { bubbles: true }));
      });
    });
  }

  function offerRestore(offer, form) {
    const data = JSON.parse(document.getElementById("autosave-data").textContent);
    const button = offer.querySelector(".autosave-restore");
    button.hidden = false;
    button.addEventListener("click", () => {
      restore(form, data);
      offer.querySelector(".autosave-offer-done").textContent =
        "Your unsaved changes are back in the form. Press Save to keep them.";
      button.hidden = true;
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    const form = changeForm();
    const box = document.getElementById("autosave");
    if (!form || !box) return;
    const onSessionTime = watchSession(box, form);
    watchInput(box, form, onSessionTime);
    const offer = document.getElementById("autosave-offer");
    if (offer) offerRestore(offer, form);
  });
})();
