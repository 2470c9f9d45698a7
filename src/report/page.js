(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('plandoc-data').textContent);
  var select = document.getElementById('dept');
  var status = document.getElementById('dept-status');
  var rows = Array.prototype.slice.call(document.querySelectorAll('[data-depts]'));
  var PREFIX = '部门=';
  function has(o, k) { return Object.prototype.hasOwnProperty.call(o, k); }
  function wanted() {
    var h = location.hash.replace(/^#/, '');
    try { h = decodeURIComponent(h); } catch (e) { /* a stray % stays as written */ }
    return h.indexOf(PREFIX) === 0 ? h.slice(PREFIX.length) : null;
  }
  function apply(name) {
    var key = name === '' ? '' : (has(data.forms, name) ? data.forms[name] : null);
    var shown = 0, total = 0;
    rows.forEach(function (el) {
      var mine = key === '' || (key !== null && el.getAttribute('data-depts').split(' ').indexOf(key) >= 0);
      el.hidden = !mine && key !== null;
      if (el.hasAttribute('data-item')) { total += 1; if (!el.hidden) { shown += 1; } }
    });
    select.value = key || '';
    if (key === null) {
      status.textContent = '未找到部门“' + name + '”，显示全部 ' + total + ' 项';
    } else if (key === '') {
      status.textContent = '全部部门：' + total + ' 项';
    } else {
      status.textContent = data.names[key] + '：显示 ' + shown + ' / ' + total + ' 项';
    }
    document.body.setAttribute('data-filter', key || '');
    document.body.setAttribute('data-shown', String(shown));
  }
  select.addEventListener('change', function () {
    location.hash = PREFIX + (select.value ? data.names[select.value] : '');
  });
  window.addEventListener('hashchange', function () {
    var name = wanted();
    if (name !== null) { apply(name); }
  });
  apply(wanted() || '');
  document.body.setAttribute('data-ready', '1');
}());
