// The portal's small page script: the countdown (STEP 6), the 「進度查詢」 dropdown (STEP 7),
// the 「新增申請人」 and declaration dialogs (STEP 9-12), and the form's tabs, categories and
// document list (STEP 13-14). Timers use Date and setInterval only, so a test can drive
// them with a fake clock.
//
// `portal.init()` wires the screen now in the document. It runs once the page has loaded;
// static/spa.js (the --render-in-browser variant, which swaps screens inside the page)
// calls it again after each swap, so everything the previous screen set up on the
// document (timers, listeners) is tied to that screen's AbortSignal and ends with it.
"use strict";

window.portal = window.portal || {};

// To another screen: a page load, unless spa.js has set `portal.navigate` to swap in place.
function go(url) {
  if (window.portal.navigate) window.portal.navigate(url); else window.location.assign(url);
}

function show(el, visible) { if (el) el.hidden = !visible; }
function $(selector, root) { return (root || document).querySelector(selector); }
function $all(selector, root) { return Array.from((root || document).querySelectorAll(selector)); }

// STEP 6: the logout countdown, mm:ss, from the seconds the portal says are left.
function startCountdown(signal) {
  const timer = $("#countdown");
  if (!timer) return;
  const deadline = Date.now() + Number(timer.dataset.secondsLeft) * 1000;
  const tick = () => {
    const left = Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
    const mm = String(Math.floor(left / 60)).padStart(2, "0");
    const ss = String(left % 60).padStart(2, "0");
    timer.textContent = mm + ":" + ss;
    if (left === 0) {
      clearInterval(handle);
      go("/timeout");
    }
  };
  const handle = setInterval(tick, 1000);
  signal.addEventListener("abort", () => clearInterval(handle));
  tick();
}

// STEP 7: 「進度查詢」 opens its dropdown; a click elsewhere or Escape closes it.
function setUpDropdowns(signal) {
  $all("[data-dropdown]").forEach((button) => {
    const menu = document.getElementById(button.getAttribute("aria-controls"));
    const toggle = (open) => { button.setAttribute("aria-expanded", String(open)); show(menu, open); };
    button.addEventListener("click", (event) => {
      event.stopPropagation();
      toggle(button.getAttribute("aria-expanded") !== "true");
    });
    document.addEventListener("click", () => toggle(false), { signal });
    document.addEventListener("keydown", (event) => { if (event.key === "Escape") toggle(false); }, { signal });
  });
}

// Dialogs are page UI (role=dialog), one visible at a time, over a backdrop.
function openDialog(id) {
  $all(".dialog").forEach((d) => show(d, d.id === id));
  show($(".backdrop"), true);
  const first = document.getElementById(id).querySelector("input, select, button");
  if (first) first.focus();
}
function closeDialogs() {
  $all(".dialog").forEach((d) => show(d, false));
  show($(".backdrop"), false);
}

// STEP 9-12: the applicant questions, the eligibility check and the declaration.
function setUpApplicantDialog(signal) {
  const form = $("#start-form");
  if (!form) return;
  const agree = $("#agree");
  const holder = $("#q-holder"), hasUi = $("#q-has-ui"), ui = $("#q-ui"), birth = $("#q-birth");
  const inTaiwan = $("#q-in-taiwan"), roc = $("#q-roc"), household = $("#q-household"), movedOut = $("#q-moved-out");
  const eligibilityMessage = $("#eligibility-message"), problem = $("#dialog-problem");
  const confirm = $("#applicant-confirm"), declarationAgree = $("#declaration-agree");
  const declarationConfirm = $("#declaration-confirm");
  const HOLDER_EXPIRED = $("[data-when-holder]").dataset.whenHolder;
  const NEVER = "否";
  let eligible = null;      // null: not checked yet; true or false: the portal's answer
  let checkedFor = "";

  const dialog = $("#applicant-dialog");
  const isShown = (el) => {
    for (let node = el; node && node !== dialog; node = node.parentElement) if (node.hidden) return false;
    return true;
  };
  const value = (el) => (el && isShown(el) ? el.value : "");
  const entryValue = () => {
    const checked = $("#entry-question input:checked");
    return checked && isShown(checked) ? checked.value : "";
  };
  const clear = (container) => $all("select, input", container).forEach((el) => {
    if (el.type === "radio" || el.type === "checkbox") el.checked = false; else el.value = "";
  });
  const reveal = (selector, visible) => $all(selector).forEach((el) => { if (el.hidden === visible) { el.hidden = !visible; if (!visible) clear(el); } });

  let serverMessage = problem.textContent.trim();   // a refusal from the server stays until the next change
  function say(text) { text = text || serverMessage; problem.textContent = text; show(problem, Boolean(text)); }

  // Which answers stop the application (a valid card, no 統一證號, R-HOUSEHOLD) is the
  // server's call: the answers go to it after each change, and 「確定」 waits for its verdict.
  let verdict = { key: null, stop: null, message: "" };
  let asking = null;
  const answersNow = () => new URLSearchParams(new FormData(form)).toString();

  // A failed call is not a verdict: it is asked again a little later, for the same answers.
  const OFFLINE_RETRY_MS = 3000;
  function retryOffline(key) {
    if (signal.aborted) return;
    if (verdict.key === key && verdict.stop === "offline" && !dialog.hidden) { verdict.key = null; refresh(); }
  }

  async function askServer(key) {
    asking = key;
    try {
      const response = await fetch(form.dataset.answersUrl, {
        method: "POST", body: key, credentials: "same-origin",
        headers: { "X-CSRF-Token": form.dataset.csrf, "Accept": "application/json",
                   "Content-Type": "application/x-www-form-urlencoded" },
      });
      if (signal.aborted) return;
      if (response.redirected || !(response.headers.get("content-type") || "").includes("json")) {
        go("/timeout");
        return;
      }
      const answer = await response.json();
      verdict = { key, stop: answer.stop, message: answer.message };
    } catch (error) {
      verdict = { key, stop: "offline", message: "無法連線檢核資格，請稍後再試。" };
      setTimeout(() => retryOffline(key), OFFLINE_RETRY_MS);
    } finally {
      if (asking === key) asking = null;
    }
    if (!signal.aborted && key === answersNow()) refresh();
  }

  function refresh() {
    show($("#holder-questions"), agree.checked);
    reveal("[data-when-holder]", holder.value === HOLDER_EXPIRED);
    reveal("[data-when-has-ui]", value(hasUi) === "是");
    const reapplying = holder.value === HOLDER_EXPIRED && value(hasUi) === "是";
    const goOn = agree.checked && (holder.value === NEVER || (reapplying && eligible === true));
    if (!reapplying) { eligibilityMessage.textContent = ""; }
    show($("#follow-up"), goOn);
    reveal("[data-when-in-taiwan]", goOn && value(inTaiwan) === $("[data-when-in-taiwan]").dataset.whenInTaiwan);
    reveal("[data-when-roc]", goOn && value(roc) === "是");
    reveal("[data-when-household]", goOn && value(household) === "是");
    $all("[data-when-entry]").forEach((el) => show(el, entryValue() === el.dataset.whenEntry));
    const key = answersNow();
    const judged = verdict.key === key;
    say(judged ? verdict.message : "");
    const answered = goOn && value(inTaiwan) && value(roc)
      && (!isShown($("#entry-question")) || entryValue())
      && (!isShown(household) || value(household))
      && (!isShown(movedOut) || value(movedOut));
    confirm.disabled = !(answered && judged && verdict.stop === null);
    if (agree.checked && holder.value && !judged && asking !== key) askServer(key);
  }

  async function checkEligibility() {
    const key = ui.value.trim() + "|" + birth.value.trim();
    if (!ui.value.trim() || !birth.value.trim() || key === checkedFor) return;
    checkedFor = key;
    eligible = null;
    eligibilityMessage.textContent = "檢核中…";
    refresh();
    const body = new URLSearchParams({ ui_number: ui.value.trim(), birth_date: birth.value.trim() });
    try {
      const response = await fetch(form.dataset.eligibilityUrl, {
        method: "POST", body, headers: { "X-CSRF-Token": form.dataset.csrf, "Accept": "application/json" },
        credentials: "same-origin",
      });
      if (signal.aborted) return;
      if (response.redirected || !(response.headers.get("content-type") || "").includes("json")) {
        go("/timeout");
        return;
      }
      const answer = await response.json();
      if (key !== checkedFor) return;
      eligible = answer.eligible;
      eligibilityMessage.textContent = answer.message;
      eligibilityMessage.className = "eligibility " + (answer.eligible ? "ok" : "problem");
      if (answer.extension) {
        const link = document.createElement("a");
        link.href = "/goldcard/extension";
        link.textContent = "就業金卡延期申請";
        eligibilityMessage.append(" ", link);
      }
    } catch (error) {
      if (signal.aborted) return;
      eligible = false;
      checkedFor = "";
      eligibilityMessage.textContent = "無法連線檢核資格，請稍後再試。";
    }
    refresh();
  }

  [ui, birth].forEach((el) => {
    el.addEventListener("change", checkEligibility);
    el.addEventListener("blur", checkEligibility);
    el.addEventListener("input", () => { if (checkedFor) { checkedFor = ""; eligible = null; eligibilityMessage.textContent = ""; refresh(); } });
  });
  dialog.addEventListener("change", () => { serverMessage = ""; refresh(); });
  confirm.addEventListener("click", () => { if (!confirm.disabled) openDialog("declaration-dialog"); });
  declarationAgree.addEventListener("change", () => { declarationConfirm.disabled = !declarationAgree.checked; });
  $all("[data-open-dialog]").forEach((b) => b.addEventListener("click", () => openDialog(b.dataset.openDialog)));
  $all("[data-close-dialog]").forEach((b) => b.addEventListener("click", () => {
    closeDialogs();
    form.reset();
    $all("select, input:not([type=hidden])", form).forEach((el) => { if (el.type === "checkbox" || el.type === "radio") el.checked = false; else el.value = ""; });
    eligible = null; checkedFor = ""; eligibilityMessage.textContent = "";
    declarationConfirm.disabled = true;
    refresh();
  }));
  if (ui.value && birth.value) checkEligibility(); else refresh();
}

// STEP 13-14: the form's tabs, 申請資格 by 專長領域, 建築設計's criteria and the documents.
function setUpApplicationForm() {
  const form = $("#application-form");
  if (!form) return;
  const config = JSON.parse($("#form-config").textContent);
  const tabs = $all("[role=tab]", form), panels = $all("[role=tabpanel]", form);
  const field = $("#f-field"), category = $("#f-category");
  const prev = $("[data-step='-1']", form), next = $("[data-step='1']", form);
  let current = Math.max(0, tabs.findIndex((t) => t.dataset.tab === form.dataset.firstTab));

  function select(index) {
    current = index;
    tabs.forEach((t, i) => t.setAttribute("aria-selected", String(i === index)));
    panels.forEach((p, i) => show(p, i === index));
    show(prev, index > 0);
    show(next, index < tabs.length - 1);
  }
  tabs.forEach((t, i) => t.addEventListener("click", () => select(i)));
  prev.addEventListener("click", () => select(Math.max(0, current - 1)));
  next.addEventListener("click", () => select(Math.min(tabs.length - 1, current + 1)));

  const categoriesOf = (f) => config.categories[f] || [];
  const chosen = () => categoriesOf(field.value).find((c) => c.name === category.value);

  function fillCategories(keep) {
    const previous = keep || category.value;
    category.replaceChildren(new Option("請選擇", ""));
    categoriesOf(field.value).forEach((c) => category.add(new Option(c.name, c.name, false, c.name === previous)));
    if (!categoriesOf(field.value).some((c) => c.name === previous)) category.value = "";
  }

  function fillCriteria() {
    const list = $("#criteria-list"), c = chosen();
    const criteria = field.value === "建築設計" && c ? c.criteria : [];
    const ticked = new Set($all("input:checked", list).map((i) => i.value).concat(config.selected.criteria));
    config.selected.criteria = [];
    list.replaceChildren(...criteria.map((text) => {
      const label = document.createElement("label");
      label.className = "check";
      const box = document.createElement("input");
      Object.assign(box, { type: "checkbox", name: "criteria", value: text, checked: ticked.has(text) });
      label.append(box, " " + text);
      return label;
    }));
    show($("#criteria"), criteria.length > 0);
  }

  function fillDocuments() {
    const list = $("#document-list"), c = chosen();
    const carried = config.carried[field.value + "|" + category.value] || [];
    show($("#documents-hint"), !c);
    list.replaceChildren(...(c ? c.documents : []).map((name) => documentRow(name, carried.includes(name), config.uploaded[name])));
  }

  function documentRow(name, carried, uploaded) {
    const item = document.createElement("li");
    item.className = "document";
    const title = document.createElement("span");
    title.className = "doc-name";
    title.textContent = name;
    const status = document.createElement("span");
    status.className = "doc-status";
    const input = document.createElement("input");
    Object.assign(input, { type: "file", name: "doc:" + name, accept: ".jpg,.jpeg,.png,.pdf,image/jpeg,image/png,application/pdf" });
    input.setAttribute("aria-label", name);
    input.id = "doc-" + (documentRow.count = (documentRow.count || 0) + 1);
    input.className = "visually-hidden";
    const choose = document.createElement("label");
    choose.className = "button small";
    choose.htmlFor = input.id;
    choose.textContent = "選擇";
    choose.setAttribute("aria-hidden", "true");
    const clearButton = document.createElement("button");
    clearButton.type = "button";
    clearButton.className = "small secondary";
    clearButton.textContent = "清除";
    const cleared = document.createElement("input");
    Object.assign(cleared, { type: "hidden", name: "cleared", value: name, disabled: true });
    const describe = () => {
      if (input.files.length) status.textContent = "已選擇：" + input.files[0].name;
      else if (uploaded && cleared.disabled) status.textContent = "已上傳：" + uploaded;
      else if (carried) status.textContent = "已自動帶入前次申請文件（不提供檢視或下載）";
      else status.textContent = "尚未上傳";
    };
    input.addEventListener("change", describe);
    clearButton.addEventListener("click", () => { input.value = ""; if (uploaded) cleared.disabled = false; describe(); });
    describe();
    item.append(title, " ", status, " ", input, choose, " ", clearButton, cleared);
    return item;
  }

  field.addEventListener("change", () => { fillCategories(); fillCriteria(); fillDocuments(); });
  category.addEventListener("change", () => { fillCriteria(); fillDocuments(); });
  fillCategories(category.dataset.selected);
  fillCriteria();
  fillDocuments();
  select(current);
}

// Controls that only work once this script has wired them arrive disabled; they are
// enabled last, so a click that comes before the script has run waits instead of being lost.
let wired = null;      // the AbortController of the screen wired last
function init() {
  if (wired) wired.abort();
  wired = new AbortController();
  startCountdown(wired.signal);
  setUpDropdowns(wired.signal);
  setUpApplicantDialog(wired.signal);
  setUpApplicationForm();
  $all("[data-needs-script]").forEach((el) => { el.disabled = false; });
}
window.portal.init = init;
document.addEventListener("DOMContentLoaded", init);
