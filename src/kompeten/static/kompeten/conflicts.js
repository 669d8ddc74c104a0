/* Show a refused (409) htmx autosave, with what the field reads now, instead of dropping it silently. */
document.addEventListener("htmx:beforeSwap", function (event) {
  if (event.detail.xhr.status === 409) { event.detail.shouldSwap = true; event.detail.isError = false; }
});
