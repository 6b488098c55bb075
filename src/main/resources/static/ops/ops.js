/*
 * The operations dashboard. Reads its figures from /ops/api/ and keeps the stock table
 * live from the server-sent events of /ops/api/stream: each event carries the current
 * rows of the positions that changed, so the page never reloads and never polls the
 * table. Charts and health are small aggregates, read again now and then.
 */
(function () {
  'use strict';

  var SIDES = ['consigned', 'owned'];
  var MEASURES = ['available', 'allocated', 'inTransit', 'onHand'];
  var COLOURS = ['#4f46e5', '#059669', '#d97706', '#db2777', '#0891b2', '#65a30d'];
  var CHART_PAUSE_MS = 5000;

  var table = document.getElementById('positions');
  var filters = document.getElementById('filters');
  var page = { offset: 0, limit: 50, more: false };
  var loading = false;
  var heldEvents = [];
  var outsidePage = 0;
  var source = null;
  var chartTimer = null;
  var chartsReadAt = 0;

  function query(values) {
    var out = new URLSearchParams();
    Object.keys(values).forEach(function (name) {
      var value = values[name];
      if (value !== undefined && value !== null && String(value).trim() !== '') {
        out.set(name, String(value).trim());
      }
    });
    return out.toString();
  }

  function filterValues() {
    var data = new FormData(filters);
    return { location: data.get('location'), vendor: data.get('vendor'),
      sku: data.get('sku'), owner: data.get('owner'), sort: data.get('sort') };
  }

  function getJson(path) {
    return fetch(path, { headers: { Accept: 'application/json' },
      credentials: 'same-origin' }).then(function (answer) {
      if (!answer.ok) {
        // The hub names the parameter and the reason; show them, not just the status.
        return answer.json().catch(function () { return {}; }).then(function (refusal) {
          throw new Error(refusal.reason || (path + ' answered ' + answer.status));
        });
      }
      return answer.json();
    });
  }

  function number(value) {
    return Number(value).toLocaleString('en-GB');
  }

  function money(value, currency) {
    try {
      return new Intl.NumberFormat('en-GB', { style: 'currency', currency: currency })
        .format(Number(value));
    } catch (unknownCurrency) {
      return number(value) + ' ' + currency;
    }
  }

  function cell(row, text, field, numeric) {
    var td = document.createElement('td');
    td.textContent = text === null || text === undefined ? '' : text;
    if (field) {
      td.dataset.field = field;
    }
    if (numeric) {
      td.className = 'n';
    }
    row.appendChild(td);
  }

  function rowElement(position) {
    var tr = document.createElement('tr');
    tr.dataset.key = position.key;
    cell(tr, position.location, 'location');
    cell(tr, position.sku, 'sku');
    cell(tr, position.description, 'description');
    cell(tr, position.vendor, 'vendor');
    SIDES.forEach(function (side) {
      MEASURES.forEach(function (measure) {
        cell(tr, number(position[side][measure]), side + '.' + measure, true);
      });
    });
    return tr;
  }

  function rowOf(key) {
    return table.querySelector('tr[data-key="' + CSS.escape(key) + '"]');
  }

  function loadPositions() {
    loading = true;
    var values = filterValues();
    values.limit = page.limit;
    values.offset = page.offset;
    return getJson('/ops/api/positions?' + query(values)).then(function (answer) {
      table.replaceChildren.apply(table, answer.rows.map(rowElement));
      page.more = answer.more;
      outsidePage = 0;
      showPageInfo(answer.rows.length);
    }).catch(function (failure) {
      document.getElementById('page-info').textContent = failure.message;
    }).finally(function () {
      loading = false;
      var held = heldEvents;
      heldEvents = [];
      held.forEach(applyChanges);
    });
  }

  function showPageInfo(shown) {
    document.getElementById('page-info').textContent = shown === 0 ? 'no positions'
      : 'rows ' + (page.offset + 1) + ' to ' + (page.offset + shown);
    document.getElementById('previous').disabled = page.offset === 0;
    document.getElementById('next').disabled = !page.more;
    document.getElementById('beyond-page').textContent = outsidePage === 0 ? ''
      : outsidePage + ' changed rows are outside this page';
  }

  /* The owner filter, which the stream leaves to the page; it only keeps new rows out. */
  function ownerAdmits(position) {
    var owner = filterValues().owner;
    var held = function (side) {
      return Number(position[side].onHand) + Number(position[side].inTransit) > 0;
    };
    return owner === 'CONSIGNED' ? held('consigned') : owner === 'OWNED' ? held('owned') : true;
  }

  /* Rows on the page are replaced in place; a new row joins a page that has room. */
  function applyChanges(rows) {
    if (loading) {
      heldEvents.push(rows);
      return;
    }
    rows.forEach(function (position) {
      var fresh = rowElement(position);
      var shown = rowOf(position.key);
      if (shown) {
        table.replaceChild(fresh, shown);
      } else if (!ownerAdmits(position)) {
        return;
      } else if (table.rows.length < page.limit && !page.more) {
        table.appendChild(fresh);
      } else {
        outsidePage += 1;
        return;
      }
      fresh.classList.add('changed');
    });
    showPageInfo(table.rows.length);
    document.getElementById('last-update').textContent =
      'updated ' + new Date().toLocaleTimeString('en-GB');
    chartsSoon();
  }

  function setLive(on, text) {
    var badge = document.getElementById('live');
    badge.className = 'live ' + (on ? 'on' : 'off');
    badge.textContent = text;
  }

  function connect() {
    if (source) {
      source.close();
    }
    var values = filterValues();
    delete values.sort;
    delete values.owner;
    source = new EventSource('/ops/api/stream?' + query(values));
    // Every (re)connection reads the page afresh: changes made while away are in it.
    source.addEventListener('hello', function () {
      setLive(true, 'live');
      loadPositions();
    });
    source.addEventListener('positions', function (event) {
      applyChanges(JSON.parse(event.data));
    });
    source.onerror = function () {
      setLive(false, 'reconnecting');
    };
  }

  function stateList(list, items, label) {
    list.replaceChildren.apply(list, items.map(function (item) {
      var li = document.createElement('li');
      li.className = 'state-' + item.status;
      li.textContent = label(item);
      li.title = item.summary || item.lastError || item.status;
      return li;
    }));
    if (items.length === 0) {
      var none = document.createElement('li');
      none.className = 'muted';
      none.textContent = 'none yet';
      list.appendChild(none);
    }
  }

  function loadHealth() {
    return getJson('/ops/api/health').then(function (glance) {
      var dead = document.getElementById('dead-letters');
      dead.textContent = number(glance.deadLettersOpen);
      dead.className = 'figure' + (glance.deadLettersOpen > 0 ? ' alert' : '');
      document.getElementById('in-progress').textContent = number(glance.messagesInProgress);
      stateList(document.getElementById('sources'), glance.sources, function (s) {
        return s.route + ' ' + s.status;
      });
      stateList(document.getElementById('feeds'), glance.vendorFeeds, function (f) {
        return f.vendor + ' ' + f.status;
      });
    }).catch(function () { /* shown as stale figures; the next read tries again */ });
  }

  function svgElement(name, attributes, text) {
    var element = document.createElementNS('http://www.w3.org/2000/svg', name);
    Object.keys(attributes).forEach(function (key) {
      element.setAttribute(key, attributes[key]);
    });
    if (text !== undefined) {
      element.textContent = text;
    }
    return element;
  }

  /* Axes with the largest value and the first and last labels; enough to read a trend. */
  function frame(svg, labels, top) {
    svg.replaceChildren();
    svg.appendChild(svgElement('line', { x1: 50, y1: 210, x2: 630, y2: 210, 'class': 'axis' }));
    svg.appendChild(svgElement('line', { x1: 50, y1: 20, x2: 50, y2: 210, 'class': 'axis' }));
    svg.appendChild(svgElement('text', { x: 45, y: 25, 'text-anchor': 'end', 'class': 'tick' },
      number(top)));
    svg.appendChild(svgElement('text', { x: 45, y: 210, 'text-anchor': 'end',
      'class': 'tick' }, '0'));
    if (labels.length > 0) {
      svg.appendChild(svgElement('text', { x: 50, y: 228, 'class': 'tick' }, labels[0]));
      svg.appendChild(svgElement('text', { x: 630, y: 228, 'text-anchor': 'end',
        'class': 'tick' }, labels[labels.length - 1]));
    }
  }

  function legend(svg, names) {
    names.forEach(function (name, i) {
      svg.appendChild(svgElement('rect', { x: 60 + i * 110, y: 4, width: 10, height: 10,
        fill: COLOURS[i % COLOURS.length] }));
      svg.appendChild(svgElement('text', { x: 74 + i * 110, y: 13, 'class': 'legend' }, name));
    });
  }

  function drawStock(days) {
    var svg = document.getElementById('stock-chart');
    var top = Math.max(1, Math.max.apply(null, days.map(function (d) {
      return Math.max(Number(d.consigned), Number(d.owned));
    }).concat([0])));
    frame(svg, days.map(function (d) { return d.day; }), top);
    ['consigned', 'owned'].forEach(function (side, i) {
      var points = days.map(function (d, n) {
        var x = days.length === 1 ? 340 : 50 + (580 * n) / (days.length - 1);
        return [x, 210 - (190 * Number(d[side])) / top];
      });
      svg.appendChild(svgElement('polyline', { fill: 'none', stroke: COLOURS[i],
        'stroke-width': 2, 'data-series': side, points: points.map(function (p) {
          return p[0].toFixed(1) + ',' + p[1].toFixed(1);
        }).join(' ') }));
      // Dots show the days that had movements; a single day would have no line at all.
      if (points.length <= 60) {
        points.forEach(function (p, n) {
          var dot = svgElement('circle', { cx: p[0].toFixed(1), cy: p[1].toFixed(1), r: 3,
            fill: COLOURS[i] });
          dot.appendChild(svgElement('title', {}, side + ' ' + days[n].day + ': '
            + number(days[n][side])));
          svg.appendChild(dot);
        });
      }
    });
    legend(svg, ['consigned', 'owned']);
  }

  function drawTransfers(rows) {
    var svg = document.getElementById('transfer-chart');
    var periods = [];
    var vendors = [];
    rows.forEach(function (r) {
      if (periods.indexOf(r.period) < 0) { periods.push(r.period); }
      if (vendors.indexOf(r.vendor) < 0) { vendors.push(r.vendor); }
    });
    var totals = periods.map(function (p) {
      return rows.filter(function (r) { return r.period === p; })
        .reduce(function (sum, r) { return sum + Number(r.units_transferred); }, 0);
    });
    var top = Math.max.apply(null, totals.concat([1]));
    frame(svg, periods, top);
    var width = 580 / Math.max(1, periods.length);
    periods.forEach(function (p, n) {
      var base = 210;
      vendors.forEach(function (v, i) {
        var units = rows.filter(function (r) { return r.period === p && r.vendor === v; })
          .reduce(function (sum, r) { return sum + Number(r.units_transferred); }, 0);
        if (units === 0) { return; }
        var height = (190 * units) / top;
        base -= height;
        var bar = svgElement('rect', { x: (50 + n * width + width * 0.15).toFixed(1),
          y: base.toFixed(1), width: (width * 0.7).toFixed(1), height: height.toFixed(1),
          fill: COLOURS[i % COLOURS.length], 'data-vendor': v, 'data-units': units });
        bar.appendChild(svgElement('title', {}, v + ' ' + p + ': ' + number(units) + ' units'));
        svg.appendChild(bar);
      });
    });
    legend(svg, vendors);
  }

  function drawInvoiced(rows) {
    var byVendor = {};
    rows.forEach(function (r) {
      var key = r.vendor + ' ' + r.currency;
      var sum = byVendor[key] || (byVendor[key] = { vendor: r.vendor, currency: r.currency,
        units: 0, invoiced: 0, credited: 0 });
      sum.units += Number(r.units_transferred);
      sum.invoiced += Number(r.invoiced_net);
      sum.credited += Number(r.credited_net);
    });
    var body = document.getElementById('invoiced');
    body.replaceChildren.apply(body, Object.keys(byVendor).sort().map(function (key) {
      var sum = byVendor[key];
      var tr = document.createElement('tr');
      tr.dataset.vendor = sum.vendor;
      cell(tr, sum.vendor, 'vendor');
      cell(tr, sum.currency, 'currency');
      cell(tr, number(sum.units), 'units', true);
      cell(tr, money(sum.invoiced, sum.currency), 'invoiced', true);
      cell(tr, money(sum.credited, sum.currency), 'credited', true);
      return tr;
    }));
  }

  function loadCharts() {
    chartsReadAt = Date.now();
    var values = filterValues();
    var period = document.getElementById('period').value;
    getJson('/ops/api/stock-over-time?' + query({ location: values.location,
      vendor: values.vendor, sku: values.sku })).then(drawStock).catch(function () {});
    getJson('/ops/api/transfers?period=' + period).then(function (rows) {
      drawTransfers(rows);
      drawInvoiced(rows);
    }).catch(function () {});
  }

  /* After live changes the charts follow, at most once per pause. */
  function chartsSoon() {
    if (chartTimer !== null) {
      return;
    }
    // The hub keeps chart answers for up to 2 s: waiting longer than that after the
    // change was announced makes sure the answer includes it.
    var wait = Math.max(3000, CHART_PAUSE_MS - (Date.now() - chartsReadAt));
    chartTimer = setTimeout(function () {
      chartTimer = null;
      loadCharts();
      loadHealth();
    }, wait);
  }

  filters.addEventListener('submit', function (event) {
    event.preventDefault();
    page.offset = 0;
    connect();
    loadPositions();
    loadCharts();
  });
  document.getElementById('previous').addEventListener('click', function () {
    page.offset = Math.max(0, page.offset - page.limit);
    loadPositions();
  });
  document.getElementById('next').addEventListener('click', function () {
    page.offset += page.limit;
    loadPositions();
  });
  document.getElementById('period').addEventListener('change', loadCharts);

  connect();
  loadPositions();
  loadHealth();
  loadCharts();
  setInterval(loadHealth, 10000);
  setInterval(loadCharts, 60000);
}());
