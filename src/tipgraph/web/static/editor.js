// The SPARQL editor: YASGUI on this server's endpoint, nothing fetched from elsewhere.
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("editor-config").textContent);
  var element = document.getElementById("yasgui");
  if (typeof Yasgui === "undefined") {
    element.textContent = "The editor's script is not installed on this server (npm ci).";
    return;
  }
  var yasgui = new Yasgui(element, {
    requestConfig: { endpoint: config.endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    persistenceId: null,
    populateFromUrl: false,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: config.endpoint }]; } },
    // Autocompleters for prefixes, classes and properties ask outside services; off.
    yasqe: { value: config.query, autocompleters: [], createShortLink: null },
    yasr: { prefixes: {} }
  });
  window.tipgraphEditor = yasgui;
  document.querySelectorAll("button.example").forEach(function (button) {
    button.addEventListener("click", function () {
      var example = config.examples[Number(button.dataset.index)];
      var tab = yasgui.getTab();
      tab.setQuery(example.query);
      tab.getYasqe().focus();
    });
  });
})();
