// The tab's only script (no inline script: the pages' CSP forbids it). It draws the overview's charts from the
// page's JSON block, signs in with the Teams SSO token on the sign-in page, and saves a channel tab's settings on the
// configuration page. Everything it talks to is this host.
(function () {
  'use strict';

  function charts() {
    var block = document.getElementById('chart-data');
    if (!block || !window.echarts) { return; }
    var data = JSON.parse(block.textContent);
    var pending = 3;
    function finished() {
      if (--pending === 0) {
        performance.mark('tab-charts-ready');
        document.documentElement.setAttribute('data-charts', 'ready');
      }
    }
    function draw(id, option) {
      var chart = echarts.init(document.getElementById(id), null, { renderer: 'svg' });
      chart.on('finished', function once() { chart.off('finished', once); finished(); });
      chart.setOption(Object.assign({ animation: false, grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true } }, option));
      window.addEventListener('resize', function () { chart.resize(); });
    }
    var colors = { open: '#1F5FAD', overdue: '#B3261E', closed: '#2E7D32', planned: '#8AA9D6' };

    draw('chart-progress', {
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: data.progress.units, axisLabel: { interval: 0, rotate: 30 } },
      yAxis: { type: 'value', max: data.progress.max, minInterval: 1, name: data.progress.stepsLabel },
      series: [{ type: 'bar', name: data.progress.stepsLabel, data: data.progress.steps, itemStyle: { color: colors.open } }]
    });

    var itemColors = [colors.open, colors.overdue, colors.closed];
    draw('chart-items', {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      xAxis: { type: 'category', data: data.items.weeks },
      yAxis: { type: 'value', minInterval: 1 },
      series: data.items.series.map(function (s, i) {
        return { type: 'line', name: s.name, data: s.data, stack: 'items', areaStyle: {}, showSymbol: false, itemStyle: { color: itemColors[i] } };
      })
    });

    draw('chart-visits', {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      xAxis: { type: 'category', data: data.visits.months },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { type: 'bar', stack: 'visits', name: data.visits.doneLabel, data: data.visits.done, itemStyle: { color: colors.closed } },
        {
          type: 'bar', stack: 'visits', name: data.visits.plannedLabel, data: data.visits.planned, itemStyle: { color: colors.planned },
          markLine: {
            symbol: 'none', lineStyle: { color: colors.overdue, type: 'dashed' },
            label: { formatter: data.visits.deadlineLabel, position: 'insideEndTop' },
            data: [{ xAxis: data.visits.deadline }]
          }
        }
      ]
    });
  }

  // Inside Teams: TeamsJS gives the SSO token; the host checks it as it checks the API's tokens and sets the session.
  function teamsSignIn() {
    var form = document.getElementById('teams-signin');
    if (!form || !window.microsoftTeams || window.parent === window) { return; }
    var status = document.getElementById('teams-status');
    status.textContent = form.getAttribute('data-working');
    microsoftTeams.app.initialize().then(function () {
      return microsoftTeams.authentication.getAuthToken();
    }).then(function (token) {
      return fetch('/tab/session', { method: 'POST', headers: { Authorization: 'Bearer ' + token }, credentials: 'same-origin' });
    }).then(function (response) {
      if (response.ok) {
        window.location.replace(form.getAttribute('data-return'));
      } else {
        status.textContent = form.getAttribute('data-failed') + ' (' + response.status + ')';
      }
    }).catch(function (e) {
      status.textContent = form.getAttribute('data-failed') + ' (' + (e && e.message || e) + ')';
    });
  }

  // A channel tab's configuration page: the content address Teams saves for the tab.
  function configure() {
    var form = document.getElementById('tab-config');
    if (!form || !window.microsoftTeams || window.parent === window) { return; }
    microsoftTeams.app.initialize().then(function () {
      var select = document.getElementById('config-page');
      function save() {
        microsoftTeams.pages.config.setValidityState(true);
      }
      microsoftTeams.pages.config.registerOnSaveHandler(function (saveEvent) {
        var origin = window.location.origin;
        microsoftTeams.pages.config.setConfig({
          contentUrl: origin + select.value + '?locale={locale}',
          websiteUrl: origin + select.value,
          entityId: 'guidancebot-' + select.value.replace(/\W+/g, '-'),
          suggestedDisplayName: select.options[select.selectedIndex].text
        }).then(function () { saveEvent.notifySuccess(); }, function (e) { saveEvent.notifyFailure(String(e)); });
      });
      select.addEventListener('change', save);
      save();
    });
  }

  charts();
  teamsSignIn();
  configure();
})();
