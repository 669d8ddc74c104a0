/* Autosave of instrument fields that survives a dropped connection.
   Every input with data-key saves itself on change; a save that cannot reach the server waits in
   localStorage and is sent again when the connection returns (or the page is opened again).
   A refused save (another device changed the field) shows what the field reads now. */
(function () {
  "use strict";
  var QUEUE = "kompeten-autosave";
  var root = document.querySelector("[data-autosave-url]");
  if (!root) { return; }
  var url = root.dataset.autosaveUrl;
  var text = { saved: root.dataset.saved, waiting: root.dataset.waiting, failed: root.dataset.failed };

  function csrf() { var el = document.querySelector("[name=csrfmiddlewaretoken]"); return el ? el.value : ""; }
  function queued() { try { return JSON.parse(localStorage.getItem(QUEUE) || "[]"); } catch (e) { return []; } }
  function keep(items) { localStorage.setItem(QUEUE, JSON.stringify(items)); }
  function field(key) { return document.querySelector('[data-field="' + key + '"]'); }
  function show(key, message, kind) {
    var box = field(key); if (!box) { return; }
    var status = box.querySelector(".autosave-status");
    if (status) { status.textContent = message; status.className = "autosave-status " + kind; }
  }
  function valueOf(input) {
    if (input.type === "radio") {
      var checked = document.querySelector('input[data-key="' + input.dataset.key + '"]:checked');
      return checked ? checked.value : "";
    }
    return input.value;
  }
  function send(item) {
    var body = new URLSearchParams({ key: item.key, value: item.value, version: item.version });
    return fetch(item.url, { method: "POST", body: body, credentials: "same-origin", headers: { "X-CSRFToken": csrf() } })
      .then(function (response) { return response.json().then(function (data) { return { response: response, data: data }; }); });
  }
  function settle(item, result) {
    var box = field(item.key);
    if (result.response.ok) {
      if (box) { box.dataset.version = result.data.v; }
      show(item.key, text.saved, "saved");
    } else {
      if (box && result.data.v !== undefined) { box.dataset.version = result.data.v; }
      show(item.key, result.data.error || text.failed, "error");
    }
  }
  function save(input) {
    var box = field(input.dataset.key);
    var item = { url: url, key: input.dataset.key, value: valueOf(input), version: box ? box.dataset.version : "0" };
    send(item).then(function (result) { settle(item, result); }).catch(function () {
      var items = queued().filter(function (other) { return other.key !== item.key || other.url !== item.url; });
      items.push(item); keep(items);
      show(item.key, text.waiting, "waiting");
    });
  }
  function flush() {
    var items = queued(); if (!items.length) { return; }
    keep([]);
    items.forEach(function (item) {
      send(item).then(function (result) { settle(item, result); }).catch(function () { keep(queued().concat([item])); });
    });
  }
  document.addEventListener("change", function (event) { if (event.target.dataset && event.target.dataset.key) { save(event.target); } });
  window.addEventListener("online", flush);
  flush();
})();
