// Suggestions for the header's search box (the ARIA 1.2 combobox pattern with a listbox). Without this script the
// box is a plain GET form to /search/; with it, titles and names appear as you type, chosen with the arrow keys
// and Enter, or with a click. Same-origin file: the site's Content-Security-Policy allows no inline script.
(function () {
  "use strict";

  var MIN_LENGTH = 2;
  var DELAY = 200;

  function setUp(form) {
    var input = form.querySelector("input[name=q]");
    var url = form.getAttribute("data-suggest-url");
    if (!input || !url || !window.fetch) return;

    var stylesheet = form.getAttribute("data-suggest-css");
    if (stylesheet && !document.querySelector('link[href="' + stylesheet + '"]')) {
      var link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = stylesheet;
      document.head.appendChild(link);
    }

    var listId = input.id + "-suggestions";
    var list = document.createElement("ul");
    list.id = listId;
    list.className = "site-search__suggestions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", form.getAttribute("data-label-suggestions") || "");
    list.hidden = true;
    var status = document.createElement("div");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    form.appendChild(list);
    form.appendChild(status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    input.setAttribute("autocomplete", "off");

    var timer = null;
    var asked = 0;
    var active = -1;
    var items = [];

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      var options = list.querySelectorAll("[role=option]");
      options.forEach(function (option, position) {
        option.setAttribute("aria-selected", position === index ? "true" : "false");
      });
      active = index;
      if (index >= 0 && options[index]) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function go(index) {
      if (items[index] && items[index].url) window.location.assign(items[index].url);
    }

    function show(suggestions) {
      items = suggestions;
      list.textContent = "";
      suggestions.forEach(function (item, index) {
        var option = document.createElement("li");
        option.id = listId + "-" + index;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        var title = document.createElement("span");
        title.className = "site-search__suggestion-title";
        title.textContent = item.title;
        var kind = document.createElement("span");
        kind.className = "site-search__suggestion-kind";
        kind.textContent = item.kind_label;
        option.appendChild(title);
        option.appendChild(kind);
        // mousedown, not click: the input's blur would close the list before a click lands.
        option.addEventListener("mousedown", function (event) {
          event.preventDefault();
          go(index);
        });
        list.appendChild(option);
      });
      var message = suggestions.length
        ? (form.getAttribute("data-label-count") || "").replace("{count}", suggestions.length)
        : form.getAttribute("data-label-none") || "";
      status.textContent = message;
      if (suggestions.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
        highlight(-1);
      } else {
        close();
      }
    }

    function ask() {
      var query = input.value.trim();
      if (query.length < MIN_LENGTH) {
        close();
        return;
      }
      var number = ++asked;
      fetch(url + "?q=" + encodeURIComponent(query), { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) {
          return response.ok ? response.json() : { suggestions: [] };
        })
        .then(function (data) {
          if (number === asked) show(data.suggestions || []);
        })
        .catch(function () {
          if (number === asked) close();
        });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(ask, DELAY);
    });
    input.addEventListener("keydown", function (event) {
      var open = !list.hidden && items.length > 0;
      if (event.key === "ArrowDown") {
        if (!open) return;
        event.preventDefault();
        highlight(active + 1 >= items.length ? 0 : active + 1);
      } else if (event.key === "ArrowUp") {
        if (!open) return;
        event.preventDefault();
        highlight(active <= 0 ? items.length - 1 : active - 1);
      } else if (event.key === "Enter") {
        if (open && active >= 0) {
          event.preventDefault();
          go(active);
        }
      } else if (event.key === "Escape") {
        if (open) {
          event.preventDefault();
          close();
        }
      }
    });
    input.addEventListener("blur", function () {
      window.setTimeout(close, 150);
    });
  }

  document.querySelectorAll("form[data-suggest-url]").forEach(setUp);
})();
