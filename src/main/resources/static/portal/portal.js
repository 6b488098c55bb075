// The vendor portal's pages: each reads /portal/api as the signed-in vendor and draws
// itself with DOM nodes (never HTML strings, so nothing a vendor typed can become markup).
(function () {
  'use strict';

  const csrfHeader = document.querySelector('meta[name="csrf-header"]').content;
  const csrfToken = document.querySelector('meta[name="csrf-token"]').content;
  const content = document.getElementById('content');

  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    Object.entries(attributes || {}).forEach(([name, value]) => {
      if (value !== null && value !== undefined) {
        node.setAttribute(name, value);
      }
    });
    children.flat().forEach((child) => {
      if (child !== null && child !== undefined) {
        node.append(child instanceof Node ? child : String(child));
      }
    });
    return node;
  }

  async function call(method, path, body, contentType) {
    const headers = { Accept: 'application/json' };
    if (method !== 'GET') {
      headers[csrfHeader] = csrfToken;
    }
    if (body !== undefined) {
      headers['Content-Type'] = contentType || 'application/json';
    }
    const answer = await fetch('/portal/api' + path, {
      method: method, headers: headers, credentials: 'same-origin',
      body: body === undefined ? undefined
        : (contentType ? body : JSON.stringify(body))
    });
    if (answer.redirected && answer.url.endsWith('/login')) {
      // The session has ended: sign in again.
      window.location.assign('/login');
    }
    const data = await answer.json().catch(() => ({ reason: 'the hub answered '
      + answer.status }));
    if (!answer.ok) {
      const refusal = new Error(data.reason || ('the hub answered ' + answer.status));
      refusal.data = data;
      throw refusal;
    }
    return data;
  }

  function refusalNote(error, id) {
    const data = error.data || {};
    return el('p', { class: 'refusal', role: 'alert', id: id },
      data.field ? 'Refused (' + data.reasonCode + ', field ' + data.field + '): '
        : 'Refused: ', error.message);
  }

  function table(id, columns, rows, cells) {
    return el('table', { id: id },
      el('thead', {}, el('tr', {}, columns.map((c) =>
        el('th', { class: c.number ? 'number' : null }, c.title)))),
      el('tbody', {}, rows.map((row) => {
        const tr = el('tr', {});
        cells(row).forEach((value, i) => tr.append(el('td',
          { class: columns[i].number ? 'number' : null }, value === null ? '' : value)));
        return tr;
      })));
  }

  function when(value) {
    return value ? new Date(value).toISOString().replace('T', ' ').slice(0, 16) + ' UTC' : '';
  }

  // Amounts keep their currency's minor unit (25.00 USD, 800 JPY); prices may have more.
  function money(amount, currency) {
    if (amount === null || amount === undefined) {
      return '';
    }
    const digits = currency ? new Intl.NumberFormat('en', { style: 'currency',
      currency: currency }).resolvedOptions().minimumFractionDigits : 2;
    return new Intl.NumberFormat('en', { minimumFractionDigits: digits,
      maximumFractionDigits: Math.max(digits, 4) }).format(amount) + ' ' + (currency || '');
  }

  function show(...nodes) {
    content.replaceChildren(...nodes);
  }

  // 1. Stock by location and SKU, with the agreed price and what it is worth.
  async function stockPage() {
    const stock = await call('GET', '/stock');
    show(
      el('p', {}, 'Your consigned stock at the retailer\'s locations, valued at the'
        + ' agreed price in force now. Units in transit to a customer are still yours'
        + ' until title passes.'),
      table('stock-table', [{ title: 'Location' }, { title: 'SKU' },
        { title: 'Description' }, { title: 'Available', number: true },
        { title: 'Allocated', number: true }, { title: 'In transit', number: true },
        { title: 'Damaged', number: true }, { title: 'On hand', number: true },
        { title: 'Agreed price', number: true }, { title: 'Exposure', number: true }],
      stock.lines, (l) => [l.location + (l.locationName ? ' ' + l.locationName : ''), l.sku,
        l.description, l.available, l.allocated, l.inTransit, l.damaged, l.onHand,
        money(l.agreedPrice, l.currency), money(l.exposure, l.currency)]),
      el('h2', {}, 'Exposure'),
      table('exposure-table', [{ title: 'Currency' }, { title: 'Units', number: true },
        { title: 'Value', number: true }], stock.exposure,
      (e) => [e.currency, e.units, money(e.value, e.currency)]));
  }

  // 2. Stock update: a form and a file, both taken in by the hub's intake.
  async function stockUpdatePage() {
    const form = el('form', { id: 'report-form' },
      el('label', { for: 'kind' }, 'What you report'),
      el('select', { id: 'kind', name: 'kind' },
        el('option', { value: 'SNAPSHOT' }, 'Level now (snapshot of available units)'),
        el('option', { value: 'RECEIPT' }, 'Units received (a delta, e.g. against a ship'
          + ' notice)')),
      el('label', { for: 'sku' }, 'SKU'), el('input', { id: 'sku', name: 'sku' }),
      el('label', { for: 'location' }, 'Location'),
      el('input', { id: 'location', name: 'location' }),
      el('label', { for: 'quantity' }, 'Quantity'),
      el('input', { id: 'quantity', name: 'quantity', inputmode: 'numeric' }),
      el('label', { for: 'reference' }, 'Reason or reference (ship notice, adjustment)'),
      el('input', { id: 'reference', name: 'reference' }),
      el('label', { for: 'occurredAt' }, 'When (optional, e.g. 2026-12-03T18:00:00Z)'),
      el('input', { id: 'occurredAt', name: 'occurredAt' }),
      el('div', {}, el('button', { type: 'submit', id: 'submit-report' }, 'Send update')));
    const reportResult = el('div', { id: 'report-result' });
    const file = el('input', { type: 'file', id: 'stock-file', accept: '.csv,text/csv' });
    const upload = el('button', { type: 'button', id: 'upload-file' }, 'Upload file');
    const uploadResult = el('div', { id: 'upload-result' });
    const recent = el('div', { id: 'recent-updates' });

    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const values = Object.fromEntries(new FormData(form).entries());
      await taken(call('POST', '/stock/reports', values), reportResult, recent);
    });
    upload.addEventListener('click', async () => {
      if (!file.files.length) {
        uploadResult.replaceChildren(el('p', { class: 'refusal', role: 'alert' },
          'Choose a file first.'));
        return;
      }
      const chosen = file.files[0];
      await taken(call('POST', '/stock/files?name=' + encodeURIComponent(chosen.name),
        chosen, 'text/csv'), uploadResult, recent);
    });

    show(form, reportResult,
      el('section', {}, el('h2', {}, 'Upload a stock file'),
        el('p', {}, 'CSV with the columns sku,location and either qty_available (a level)'
          + ' or qty_received (a receipt, optionally with reference and received_at).'
          + ' Each row is applied on its own; a bad row is refused with its reason.'),
        file, ' ', upload, uploadResult),
      el('section', {}, el('h2', {}, 'Recent updates'), recent));
    await recentUpdates(recent);
  }

  async function taken(request, result, recent) {
    result.replaceChildren(el('p', {}, 'Sending...'));
    try {
      let update = await request;
      result.replaceChildren(outcome(update));
      // Records are applied after they are taken in; follow until they are all done.
      for (let i = 0; i < 40 && update.status !== 'COMPLETE'; i++) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        update = await call('GET', '/stock/updates/' + update.inboundId);
        result.replaceChildren(outcome(update));
      }
    } catch (error) {
      result.replaceChildren(refusalNote(error, 'stock-refusal'));
    }
    await recentUpdates(recent);
  }

  function outcome(update) {
    const refusals = update.refusals || [];
    const done = update.status === 'COMPLETE';
    const nodes = [el('p', { class: refusals.length ? 'refusal' : 'notice',
      role: refusals.length ? 'alert' : 'status', 'data-status': update.status },
    'Update ' + update.inboundId + ': ' + (done ? 'done' : 'being applied') + ', '
      + update.applied + ' applied, ' + refusals.length + ' refused.')];
    if (refusals.length) {
      nodes.push(el('ul', { class: 'refusals' }, refusals.map((r) => el('li', {},
        r.recordRef + ': ' + r.reasonCode + (r.field ? ' (' + r.field + ')' : '') + ' - '
          + r.reason))));
    }
    return el('div', {}, nodes);
  }

  async function recentUpdates(recent) {
    const updates = await call('GET', '/stock/updates');
    recent.replaceChildren(table('updates-table', [{ title: 'Update' },
      { title: 'Received' }, { title: 'Source' }, { title: 'Status' },
      { title: 'Records', number: true }, { title: 'Refused', number: true }],
    updates.updates, (u) => [u.inboundId, when(u.receivedAt), u.sourceRef, u.status,
      u.records, u.rejected]));
  }

  // 3. Title transfers, each with the sale and shipment that caused it.
  async function transfersPage() {
    const transfers = await call('GET', '/transfers');
    const details = el('div', { id: 'transfer-details' });
    const rows = table('transfers-table', [{ title: 'Transferred' }, { title: 'SKU' },
      { title: 'Location' }, { title: 'Order' }, { title: 'Quantity', number: true },
      { title: 'Returned', number: true }, { title: 'Agreed price', number: true },
      { title: 'Invoice' }, { title: '' }], transfers.transfers, (t) => [
      when(t.transferredAt), t.sku, t.location, t.channel + ' ' + t.orderRef + '/'
        + t.lineRef, t.quantity, t.returnedQty, money(t.unitPrice, t.currency),
      t.invoiceNumber || 'not yet issued',
      el('button', { type: 'button', 'data-transfer': t.id, class: 'drill' }, 'Why')]);
    rows.addEventListener('click', async (event) => {
      const id = event.target.getAttribute('data-transfer');
      if (id) {
        details.replaceChildren(transferDetails(await call('GET', '/transfers/' + id)));
      }
    });
    show(el('p', {}, 'Title passes to the retailer when units are both sold and shipped.'),
      rows, details);
  }

  function transferDetails(t) {
    return el('div', { class: 'details' },
      el('h2', {}, 'Transfer ' + t.id + ': ' + t.quantity + ' x ' + t.sku + ' at '
        + money(t.unitPrice, t.currency)),
      el('p', {}, 'Agreement ' + t.agreement + ' version ' + t.agreementVersion
        + '; sold ' + when(t.soldAt) + '; title passed ' + when(t.transferredAt) + '.'),
      el('h3', {}, 'Sale'),
      table('sale-table', [{ title: 'Channel' }, { title: 'Order' }, { title: 'Line' },
        { title: 'Ordered', number: true }, { title: 'Sold', number: true },
        { title: 'Cancelled', number: true }, { title: 'Sold at' }], t.sale,
      (s) => [s.channel, s.orderRef, s.lineRef, s.orderedQty, s.soldQty, s.cancelledQty,
        when(s.soldAt)]),
      el('h3', {}, 'Shipment'),
      table('shipment-table', [{ title: 'Shipment' }, { title: 'From' },
        { title: 'Quantity', number: true }, { title: 'Transferred', number: true },
        { title: 'Shipped at' }], t.shipment, (s) => [s.shipmentRef, s.location,
        s.quantity, s.transferredQty, when(s.shippedAt)]),
      t.shipment.length ? '' : el('p', {}, 'No shipment: ' + t.cause),
      el('h3', {}, 'Billing'),
      table('transfer-billing', [{ title: 'Kind' }, { title: 'Document' },
        { title: 'Quantity', number: true }, { title: 'Net', number: true },
        { title: 'Tax', number: true }], t.billingLines, (b) => [b.kind,
        b.number || 'not yet issued', b.quantity, money(b.netAmount, b.currency),
        money(b.taxAmount, b.currency)]));
  }

  // 4. Invoices and credit notes, their PDFs, and the balance.
  async function documentsPage() {
    const documents = await call('GET', '/documents');
    const lines = el('div', { id: 'document-lines' });
    const list = table('documents-table', [{ title: 'Number' }, { title: 'Kind' },
      { title: 'Period' }, { title: 'Issued' }, { title: 'Net', number: true },
      { title: 'Tax', number: true }, { title: 'Total', number: true }, { title: '' }],
    documents.documents, (d) => [d.number, d.kind === 'INVOICE' ? 'Invoice' : 'Credit note',
      d.period, when(d.issuedAt), money(d.netTotal, d.currency),
      money(d.taxTotal, d.currency), money(d.grossTotal, d.currency),
      el('span', {}, el('a', { href: '/portal/api/documents/'
        + encodeURIComponent(d.number) + '/pdf', class: 'pdf' }, 'PDF'), ' ',
      el('button', { type: 'button', 'data-number': d.number }, 'Lines'))]);
    list.addEventListener('click', async (event) => {
      const number = event.target.getAttribute('data-number');
      if (number) {
        const d = await call('GET', '/documents/' + encodeURIComponent(number));
        lines.replaceChildren(el('div', { class: 'details' }, el('h2', {}, d.number),
          el('p', {}, 'Issued by ' + d.retailer + ' under self-billing agreement '
            + d.selfBillingAgreement + '; your tax registration '
            + (d.vendorTaxRegistration || 'none given') + '.'),
          table('lines-table', [{ title: 'SKU' }, { title: 'Description' },
            { title: 'Date' }, { title: 'Quantity', number: true },
            { title: 'Unit price', number: true }, { title: 'Net', number: true },
            { title: 'Tax', number: true }], d.lines, (l) => [l.sku, l.description,
            l.businessDate, l.quantity, money(l.unitPrice, d.currency),
            money(l.netAmount, d.currency), money(l.taxAmount, d.currency)])));
      }
    });
    show(el('h2', {}, 'Balance'),
      el('p', {}, 'What the retailer owes you from issued documents (payments are not'
        + ' recorded in the hub), and lines written but not yet on a document.'),
      table('balance-table', [{ title: 'Currency' }, { title: 'Invoiced', number: true },
        { title: 'Credited', number: true }, { title: 'Balance', number: true },
        { title: 'Not yet issued', number: true }], documents.balance,
      (b) => [b.currency, money(b.invoiced, b.currency), money(b.credited, b.currency),
        money(b.balance, b.currency), money(b.notYetIssued, b.currency)]),
      el('h2', {}, 'Documents'), list, lines);
  }

  // 5. Discrepancy cases with their evidence and clock, answers, and count sheets.
  async function countsPage() {
    const evidence = el('div', { id: 'case-evidence' });
    const list = el('div', { id: 'case-list' });
    const sheet = el('form', { id: 'count-form' },
      el('label', { for: 'count-reference' }, 'Your count reference'),
      el('input', { id: 'count-reference', name: 'reference' }),
      el('label', { for: 'count-sheet' }, 'Count sheet (location,sku,counted_qty,counted_at)'),
      el('textarea', { id: 'count-sheet', name: 'sheet' },
        'location,sku,counted_qty,counted_at\n'),
      el('div', {}, el('button', { type: 'submit', id: 'submit-count' }, 'Submit count')));
    const countResult = el('div', { id: 'count-result' });
    sheet.addEventListener('submit', async (event) => {
      event.preventDefault();
      try {
        const outcome = await call('POST', '/counts',
          Object.fromEntries(new FormData(sheet).entries()));
        countResult.replaceChildren(el('p', { class: 'notice', role: 'status' },
          'Count session ' + outcome.sessionId + ': ' + outcome.positions + ' positions, '
            + outcome.matched + ' matched, ' + outcome.adjusted + ' adjusted, '
            + outcome.casesOpened + ' cases opened.'));
        await caseList(list, evidence);
      } catch (error) {
        countResult.replaceChildren(refusalNote(error, 'count-refusal'));
      }
    });
    show(el('h2', {}, 'Discrepancy cases'), list, evidence,
      el('section', {}, el('h2', {}, 'Submit a count you ran'), sheet, countResult));
    await caseList(list, evidence);
  }

  function clock(c) {
    if (!c.open) {
      return 'closed ' + when(c.closedAt);
    }
    const seconds = Math.abs(c.secondsToDeadline);
    const text = Math.floor(seconds / 86400) + ' d ' + Math.floor(seconds % 86400 / 3600)
      + ' h ' + Math.floor(seconds % 3600 / 60) + ' min';
    return c.overdue ? el('span', { class: 'overdue' }, 'overdue by ' + text)
      : text + ' left';
  }

  async function caseList(list, evidence) {
    const cases = await call('GET', '/cases');
    const rows = table('cases-table', [{ title: 'Case' }, { title: 'Location' },
      { title: 'SKU' }, { title: 'Book', number: true }, { title: 'Counted', number: true },
      { title: 'Variance', number: true }, { title: 'Status' }, { title: 'Due' },
      { title: 'Clock' }, { title: '' }], cases.cases, (c) => [c.id, c.location, c.sku,
      c.bookQty, c.countedQty, c.variance, c.status, when(c.dueAt), clock(c),
      el('button', { type: 'button', 'data-case': c.id, class: 'open-case' }, 'Open')]);
    rows.addEventListener('click', async (event) => {
      const id = event.target.getAttribute('data-case');
      if (id) {
        showCase(await call('GET', '/cases/' + id), list, evidence);
      }
    });
    list.replaceChildren(cases.cases.length ? rows : el('p', {}, 'No discrepancy cases.'));
  }

  function showCase(e, list, evidence) {
    const c = e.case;
    const reason = el('textarea', { id: 'case-reason', name: 'reason' });
    const result = el('div', { id: 'case-result' });
    async function answer(path, body) {
      try {
        const answered = await call('POST', '/cases/' + c.id + '/' + path, body);
        showCase(answered, list, evidence);
        evidence.prepend(el('p', { class: 'notice', role: 'status', id: 'case-answered' },
          'Case ' + c.id + ' is now ' + answered.case.status + '.'));
        await caseList(list, evidence);
      } catch (error) {
        result.replaceChildren(refusalNote(error, 'case-refusal'));
      }
    }
    const actions = c.open ? el('div', { id: 'case-actions' },
      el('button', { type: 'button', id: 'accept-case' }, 'Accept the count'), ' ',
      el('button', { type: 'button', id: 'recount-case' }, 'Ask for a recount'),
      el('label', { for: 'case-reason' }, 'Reason to dispute'), reason,
      el('div', {}, el('button', { type: 'button', id: 'dispute-case' }, 'Dispute')), result)
      : el('p', {}, 'This case is closed.');
    evidence.replaceChildren(el('div', { class: 'details', 'data-case': c.id },
      el('h2', {}, 'Case ' + c.id + ': ' + c.sku + ' at ' + c.location + ', ' + c.status),
      el('p', { id: 'case-clock' }, 'Counted ' + c.countedQty + ' against a book of '
        + c.bookQty + ' (variance ' + c.variance + ') on ' + when(c.countedAt)
        + '. Answer due ' + when(c.dueAt) + ': ', clock(c)),
      el('h3', {}, 'Count lines'),
      table('count-lines', [{ title: 'Session' }, { title: 'Line' },
        { title: 'Counted', number: true }, { title: 'Counted at' }], e.countLines,
      (l) => [l.session, l.lineRef, l.countedQty, when(l.countedAt)]),
      el('h3', {}, 'Shares by owner'),
      table('attribution', [{ title: 'Owner' }, { title: 'Book', number: true },
        { title: 'Variance', number: true }], e.attribution,
      (a) => [a.owner, a.bookQty, a.variance]),
      el('h3', {}, 'Your movements since the last good count'
        + (e.lastGoodCountAt ? ' (' + when(e.lastGoodCountAt) + ')' : '')),
      table('movements', [{ title: 'When' }, { title: 'Bucket' },
        { title: 'Quantity', number: true }, { title: 'Reason' }, { title: 'Cause' }],
      e.movementsSinceLastGoodCount, (m) => [when(m.businessTime), m.bucket, m.quantity,
        m.reason, m.cause]),
      el('h3', {}, 'Your reports'),
      table('own-reports', [{ title: 'Reported' }, { title: 'Level', number: true }],
        e.ownReports, (r) => [when(r.reportedAt), r.quantity]),
      el('h3', {}, 'History'),
      table('history', [{ title: 'At' }, { title: 'Action' }, { title: 'By' },
        { title: 'Note' }], e.history, (h) => [when(h.at), h.action, h.actor, h.note]),
      actions));
    if (c.open) {
      document.getElementById('accept-case').addEventListener('click',
        () => answer('accept', {}));
      document.getElementById('recount-case').addEventListener('click',
        () => answer('recount', { note: reason.value }));
      document.getElementById('dispute-case').addEventListener('click',
        () => answer('dispute', { reason: reason.value }));
    }
  }

  const pages = {
    'stock': stockPage, 'stock-update': stockUpdatePage, 'transfers': transfersPage,
    'documents': documentsPage, 'counts': countsPage
  };
  pages[document.body.dataset.page]().catch((error) => show(refusalNote(error,
    'page-refusal')));
}());
