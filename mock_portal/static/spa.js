// Screens rendered in the browser: the --render-in-browser variant only (mock_portal/app.py).
//
// The real platform's front end never loads a second page: it draws each screen in the
// page and moves between them with history.pushState. A harness that waits for page loads
// or reads URLs to know where it is passes on the bundled portal and fails there. This
// script makes the bundled portal behave the same way without changing a view: a
// same-origin link click or form submit (multipart forms with their files too) is fetched
// instead of loaded; fetch follows the portal's 303 after a POST; the fetched page's <body>
// replaces this one's, its <title> becomes the document's, and the final URL
// (response.url) is pushed onto the history. Back and forward fetch that URL again.
// portal.js's `portal.init()` then wires the new screen, as DOMContentLoaded did for the
// first one, and `portal.navigate` is how portal.js itself moves (the countdown's sign-out).
"use strict";

(() => {
  let latest = 0;                                  // the newest navigation; older answers are dropped
  let shown = location.pathname + location.search; // the screen in the document, without its #fragment

  const sameOrigin = (url) => url.origin === location.origin;
  const html = (response) => (response.headers.get("content-type") || "").includes("text/html");

  async function navigate(target, { method = "GET", body = null, push = true, fallback } = {}) {
    const requested = new URL(target, location.href);
    const id = ++latest;
    let response, text;
    try {
      response = await fetch(requested.href, { method, body, credentials: "same-origin", redirect: "follow",
                                               headers: { Accept: "text/html" } });
      text = await response.text();
    } catch (error) {
      // No answer (offline, reset): hand this one to the browser, which will say what went wrong.
      if (id === latest) (fallback || (() => location.assign(requested.href)))();
      return;
    }
    if (id !== latest) return;
    if (!html(response)) { location.assign(response.url); return; }    // not a screen (a file, say)
    const final = new URL(response.url);
    if (!response.redirected) final.hash = requested.hash;
    if (push) history.pushState({ screen: true }, "", final.href);
    else if (final.href !== location.href) history.replaceState({ screen: true }, "", final.href);
    swap(new DOMParser().parseFromString(text, "text/html"), id);
    shown = final.pathname + final.search;
    scrollTo(final.hash);
    window.portal.init();
  }

  function swap(next, id) {
    drawnAgain(next.body, id);
    document.title = next.title;
    document.body.replaceWith(document.adoptNode(next.body));
  }

  // An image at a URL this document has shown before comes from the document's own image
  // cache, no-store or not (a page load would start a new one): after 「換下一組」 the old
  // captcha would stay on screen. An image the server draws per screen (anything outside
  // /static/) gets a URL of its own; static images may keep coming from the cache.
  function drawnAgain(body, id) {
    body.querySelectorAll("img[src]").forEach((img) => {
      const url = new URL(img.getAttribute("src"), location.href);
      if (!sameOrigin(url) || url.pathname.startsWith("/static/")) return;
      url.searchParams.set("screen", String(id));
      img.setAttribute("src", url.pathname + url.search);
    });
  }

  function scrollTo(hash) {
    const anchor = hash && document.getElementById(decodeURIComponent(hash.slice(1)));
    if (anchor) anchor.scrollIntoView(); else window.scrollTo(0, 0);
  }

  // Links: a plain left click on a same-origin link, not one to a #fragment of this screen.
  document.addEventListener("click", (event) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey
        || event.altKey) return;
    const link = event.target.closest && event.target.closest("a[href]");
    if (!link || link.hasAttribute("download") || (link.target && link.target !== "_self")) return;
    const url = new URL(link.href, location.href);
    if (!sameOrigin(url)) return;
    if (url.pathname + url.search === shown && url.hash) return;      // the browser scrolls, no load
    event.preventDefault();
    navigate(url.href);
  });

  // Forms, after the browser's own validation (a submit event only fires once it passes).
  document.addEventListener("submit", (event) => {
    if (event.defaultPrevented) return;
    const form = event.target, submitter = event.submitter;
    // Attributes, not form.action: a control named "action" would shadow the property.
    const from = (name, otherwise) => (submitter && submitter.getAttribute("form" + name))
      || form.getAttribute(name) || otherwise;
    const action = new URL(from("action", location.href), location.href);
    const method = from("method", "get").toUpperCase();
    const enctype = from("enctype", "application/x-www-form-urlencoded").toLowerCase();
    const target = (submitter && submitter.getAttribute("formtarget")) || form.getAttribute("target");
    if (!sameOrigin(action) || method === "DIALOG" || (target && target !== "_self")) return;
    event.preventDefault();
    const data = new FormData(form, submitter);
    const fallback = () => HTMLFormElement.prototype.submit.call(form);   // no submit event: no loop
    if (method === "GET") {
      action.search = new URLSearchParams(data).toString();
      navigate(action.href, { fallback });
    } else {
      navigate(action.href, { method, fallback,
                              body: enctype === "multipart/form-data" ? data : new URLSearchParams(data) });
    }
  });

  // Back and forward: the screen of that history entry, asked for again.
  window.addEventListener("popstate", () => {
    if (location.pathname + location.search === shown) { scrollTo(location.hash); return; }
    navigate(location.href, { push: false, fallback: () => location.reload() });
  });

  window.portal = window.portal || {};
  window.portal.navigate = (url) => navigate(url);
})();
