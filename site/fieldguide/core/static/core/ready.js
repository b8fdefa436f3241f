// Module scripts run in document order once the page is parsed, and base.html lists this one
// last: when it runs, every module of the page has attached its handlers. Say so, for the
// browser tests (which wait for it before pressing keys or clicking) and for the curious.
document.documentElement.dataset.fieldguideReady = "true";
