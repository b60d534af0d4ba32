/**
 * The HTML report's page script, inlined into the page after the bundled d3-hierarchy. It reads
 * the report data from the `ccguard-data` JSON element and builds every section with DOM calls:
 * strings from the analysed tree only ever reach the page through textContent or attribute values,
 * never through markup. Plain ES2019 for any current browser; no template literals, so that this
 * TypeScript string needs no escaping.
 */
export const REPORT_SCRIPT = String.raw`(function () {
  'use strict';
  var SVGNS = 'http://www.w3.org/2000/svg';
  var data = JSON.parse(document.getElementById('ccguard-data').textContent);
  var map = data.map;

  var LEVELS = ['A', 'B', 'C', 'D', 'mixed'];
  var LEVEL_INFO = {
    A: { color: '#1b7837', label: 'A: dedicated CC module (driver)' },
    B: { color: '#5aae61', label: 'B: dedicated CC library instance' },
    C: { color: '#b8e186', label: 'C: CC file in a common module' },
    D: { color: '#fdb863', label: 'D: CC function in a common file' },
    mixed: { color: '#d7301f', label: 'mixed: CC logic inline in common code' },
  };
  var PLACEMENTS = ['A', 'B', 'C', 'D', 'glue', 'declaration', 'mixed'];
  var PLACEMENT_INFO = {
    A: LEVEL_INFO.A, B: LEVEL_INFO.B, C: LEVEL_INFO.C, D: LEVEL_INFO.D, mixed: LEVEL_INFO.mixed,
    glue: { color: '#92c5de', label: 'glue: hook calls, dispatches, mode checks' },
    declaration: { color: '#cfd4dc', label: 'declaration: outside any function' },
  };
  var KNOWN_TECH_COLORS = { sev: '#d62728', tdx: '#1f77b4', cca: '#2ca02c', cc: '#9467bd' };
  var EXTRA_TECH_COLORS = ['#8c564b', '#e377c2', '#17becf', '#bcbd22', '#7f7f7f', '#ff7f0e'];
  var GENERAL = 'general';
  var SEVERITIES = ['error', 'warning', 'info'];
  var PAGE_SIZE = 250;

  function cmp(a, b) { return a < b ? -1 : a > b ? 1 : 0; }
  function plural(n, one, many) { return n + ' ' + (n === 1 ? one : (many || one + 's')); }
  function pct(x) { return Math.round(x * 100) + '%'; }

  /** An HTML element; text goes in as textContent, never as markup. */
  function h(tag, props, kids) {
    var e = document.createElement(tag);
    setProps(e, props);
    append(e, kids);
    return e;
  }
  function svg(tag, attrs, kids) {
    var e = document.createElementNS(SVGNS, tag);
    setProps(e, attrs);
    append(e, kids);
    return e;
  }
  function setProps(e, props) {
    if (!props) return;
    Object.keys(props).forEach(function (k) {
      var v = props[k];
      if (v === undefined || v === null || v === false) return;
      if (k === 'text') e.textContent = String(v);
      else if (k === 'class') e.setAttribute('class', v);
      else if (k === 'style') Object.keys(v).forEach(function (p) { e.style[p] = v[p]; });
      else if (k.slice(0, 2) === 'on') e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, String(v));
    });
  }
  function append(e, kids) {
    if (kids === undefined || kids === null) return;
    (Array.isArray(kids) ? kids : [kids]).forEach(function (k) {
      if (k === undefined || k === null || k === false) return;
      e.appendChild(typeof k === 'string' || typeof k === 'number' ? document.createTextNode(String(k)) : k);
    });
  }
  function byId(id) { return document.getElementById(id); }
  function clear(e) { while (e.firstChild) e.removeChild(e.firstChild); }

  var techs = map.technologies.map(function (t, i) {
    return { id: t.id, name: t.name, color: KNOWN_TECH_COLORS[t.id] || EXTRA_TECH_COLORS[i % EXTRA_TECH_COLORS.length] };
  });
  var techById = {};
  techs.forEach(function (t) { techById[t.id] = t; });
  function techColor(id) { return id && techById[id] ? techById[id].color : '#6b7280'; }
  function techLabel(id) { return id === null || id === undefined ? GENERAL : String(id).toUpperCase(); }
  function techBadge(id, extra) {
    return h('span', { class: 'badge', style: { background: techColor(id) }, text: techLabel(id) + (extra ? ' ' + extra : '') });
  }
  function levelBadge(cc, level) {
    return h('span', {
      class: 'badge' + (level === 'C' || level === 'D' ? ' light' : ''),
      style: { background: LEVEL_INFO[level] ? LEVEL_INFO[level].color : '#6b7280' },
      title: LEVEL_INFO[level] ? LEVEL_INFO[level].label : level,
      text: techLabel(cc) + ' · ' + level,
    });
  }
  function swatch(color, hatch) {
    return h('span', { class: 'swatch' + (hatch ? ' hatch' : ''), style: { backgroundColor: color } });
  }
  function textOnFill(hex) {
    var n = parseInt(hex.slice(1), 16);
    var lum = 0.299 * ((n >> 16) & 255) + 0.587 * ((n >> 8) & 255) + 0.114 * (n & 255);
    return lum > 150 ? '#111827' : '#ffffff';
  }
  function baseName(p) {
    var s = p.slice(p.lastIndexOf('/') + 1);
    return s.replace(/\.inf$/i, '');
  }
  function dirName(p) { var i = p.lastIndexOf('/'); return i < 0 ? '' : p.slice(0, i); }
  function loc(path, line, endLine) {
    if (line === undefined || line === null) return path;
    return path + ':' + line + (endLine && endLine > line ? '-' + endLine : '');
  }

  var packageDirs = Object.keys(map.summary.packages).sort(function (a, b) { return b.length - a.length || cmp(a, b); });
  function packageOf(path) {
    for (var i = 0; i < packageDirs.length; i++) {
      if (path.indexOf(packageDirs[i] + '/') === 0) return packageDirs[i];
    }
    var slash = path.indexOf('/');
    return slash < 0 ? path : path.slice(0, slash);
  }

  var modulesByInf = {};
  map.technologies.forEach(function (t) {
    t.modules.forEach(function (m) {
      (modulesByInf[m.inf] = modulesByInf[m.inf] || []).push({ cc: t.id, module: m });
    });
  });
  function levelOf(inf, cc) {
    var list = modulesByInf[inf] || [];
    for (var i = 0; i < list.length; i++) if (list[i].cc === cc) return list[i].module.level;
    return undefined;
  }

  // ---- header and overview ----
  function renderHeader() {
    byId('subtitle').textContent = data.tool.name + ' ' + data.tool.version + ' · tree ' + data.rootLabel;
    var cards = byId('overview');
    var sev = { error: 0, warning: 0, info: 0 };
    data.findings.forEach(function (f) { sev[f.severity]++; });
    cards.appendChild(h('div', { class: 'card' }, [
      h('div', { class: 'big', text: String(data.findings.length) }),
      h('div', { class: 'what', text: 'findings: ' + sev.error + ' error, ' + sev.warning + ' warning, ' + sev.info + ' info' }),
    ]));
    map.technologies.forEach(function (t) {
      if (t.modules.length === 0) return;
      var s = t.summary;
      cards.appendChild(h('div', { class: 'card' }, [
        h('div', { class: 'big' }, [techBadge(t.id), pct(s.isolatedShare) + ' isolated']),
        h('div', { class: 'what', text: plural(s.modules, 'module') + ', ' + plural(s.touchpoints, 'touchpoint') + ', ' + plural(s.mixedLines, 'mixed line') }),
      ]));
    });
    cards.appendChild(h('div', { class: 'card' }, [
      h('div', { class: 'big', text: String(map.platforms.length) }),
      h('div', { class: 'what', text: 'platform builds (DSC × arch)' }),
    ]));
  }

  // ---- the CC map ----
  var mapState = { tech: 'all', color: 'level', size: 'touchpoints', selected: null, width: 0 };

  function renderMapControls() {
    var box = byId('map-controls');
    var techSelect = h('select', { id: 'map-tech', 'aria-label': 'technology' }, [h('option', { value: 'all', text: 'all technologies' })]);
    techs.forEach(function (t) {
      var count = map.technologies.filter(function (x) { return x.id === t.id; })[0].modules.length;
      if (count > 0) techSelect.appendChild(h('option', { value: t.id, text: t.name + ' (' + plural(count, 'module') + ')' }));
    });
    techSelect.addEventListener('change', function () { mapState.tech = techSelect.value; drawMap(); });
    var colorSelect = h('select', { id: 'map-color', 'aria-label': 'colour by' }, [
      h('option', { value: 'level', text: 'isolation level' }),
      h('option', { value: 'tech', text: 'CC technology' }),
    ]);
    colorSelect.addEventListener('change', function () { mapState.color = colorSelect.value; drawMap(); });
    var sizeSelect = h('select', { id: 'map-size', 'aria-label': 'size by' }, [
      h('option', { value: 'touchpoints', text: 'touchpoints' }),
      h('option', { value: 'files', text: 'CC files' }),
    ]);
    sizeSelect.addEventListener('change', function () { mapState.size = sizeSelect.value; drawMap(); });
    append(box, [
      h('label', null, ['Technology ', techSelect]),
      h('label', null, ['Colour by ', colorSelect]),
      h('label', null, ['Size by ', sizeSelect]),
      h('span', { class: 'what', text: 'Packages → modules; one tile per module and technology. Click a tile for its files, functions and evidence.' }),
    ]);
  }

  function renderLegend() {
    var box = byId('map-legend');
    clear(box);
    if (mapState.color === 'level') {
      LEVELS.forEach(function (l) { box.appendChild(h('span', { class: 'item' }, [swatch(LEVEL_INFO[l].color), LEVEL_INFO[l].label])); });
    } else {
      techs.forEach(function (t) { box.appendChild(h('span', { class: 'item' }, [swatch(t.color), t.name])); });
      box.appendChild(h('span', { class: 'item' }, [swatch('#ffffff', true), 'hatched: mixed (CC logic inline in common code)']));
    }
  }

  function buildTree() {
    var pkgs = {};
    map.technologies.forEach(function (t) {
      if (mapState.tech !== 'all' && t.id !== mapState.tech) return;
      t.modules.forEach(function (m) {
        var pkgName = packageOf(m.inf);
        var pkg = pkgs[pkgName] = pkgs[pkgName] || { name: pkgName, kind: 'package', mods: {} };
        var mod = pkg.mods[m.inf] = pkg.mods[m.inf] || { name: m.inf, kind: 'module', children: [] };
        var size = mapState.size === 'files' ? m.files.length : m.touchpoints;
        mod.children.push({ name: m.inf, kind: 'leaf', cc: t.id, module: m, value: Math.max(1, size) });
      });
    });
    var children = Object.keys(pkgs).sort(cmp).map(function (name) {
      var pkg = pkgs[name];
      return {
        name: name, kind: 'package',
        children: Object.keys(pkg.mods).sort(cmp).map(function (inf) {
          var mod = pkg.mods[inf];
          return mod.children.length === 1 ? mod.children[0] : mod;
        }),
      };
    });
    return { name: data.rootLabel, kind: 'root', children: children };
  }

  function fit(text, width) {
    var max = Math.floor((width - 6) / 6.3);
    if (max < 3) return '';
    return text.length <= max ? text : text.slice(0, max - 1) + '…';
  }

  function leafFill(leaf) {
    return mapState.color === 'level' ? LEVEL_INFO[leaf.module.level].color : techColor(leaf.cc);
  }

  function drawMap() {
    renderLegend();
    var box = byId('treemap');
    clear(box);
    var tree = buildTree();
    if (tree.children.length === 0) {
      box.appendChild(h('p', { class: 'empty', text: 'No CC code found in this tree.' }));
      return;
    }
    var width = Math.max(480, Math.round(box.clientWidth || 960));
    var height = Math.max(360, Math.min(760, Math.round(width * 0.55)));
    mapState.width = width;
    var root = d3.hierarchy(tree)
      .sum(function (d) { return d.kind === 'leaf' ? d.value : 0; })
      .sort(function (a, b) { return b.value - a.value || cmp(a.data.name, b.data.name) || cmp(a.data.cc || '', b.data.cc || ''); });
    d3.treemap()
      .tile(d3.treemapSquarify)
      .size([width, height])
      .round(true)
      .paddingInner(2)
      .paddingTop(function (n) { return n.depth === 1 ? 18 : n.data.kind === 'module' ? 2 : 0; })
      .paddingRight(function (n) { return n.depth === 1 || n.data.kind === 'module' ? 2 : 0; })
      .paddingBottom(function (n) { return n.depth === 1 || n.data.kind === 'module' ? 2 : 0; })
      .paddingLeft(function (n) { return n.depth === 1 || n.data.kind === 'module' ? 2 : 0; })(root);

    var unit = mapState.size === 'files' ? 'CC files' : 'touchpoints';
    var chart = svg('svg', {
      viewBox: '0 0 ' + width + ' ' + height, width: width, height: height, role: 'img',
      'aria-label': 'CC map: packages and modules sized by ' + unit,
    });
    var defs = svg('defs', null, [
      svg('pattern', { id: 'hatch', patternUnits: 'userSpaceOnUse', width: 6, height: 6, patternTransform: 'rotate(45)' }, [
        svg('rect', { width: 2.2, height: 6, fill: 'rgba(0,0,0,0.55)' }),
      ]),
    ]);
    chart.appendChild(defs);
    root.descendants().forEach(function (n) {
      var w = n.x1 - n.x0, hgt = n.y1 - n.y0;
      if (n.depth === 0 || w <= 0 || hgt <= 0) return;
      if (n.data.kind === 'package') {
        chart.appendChild(svg('rect', { class: 'pkg-rect', x: n.x0, y: n.y0, width: w, height: hgt }));
        chart.appendChild(svg('text', { class: 'pkg-label', x: n.x0 + 4, y: n.y0 + 13, text: fit(n.data.name + ' · ' + n.value + ' ' + unit, w) }));
      } else if (n.data.kind === 'module') {
        chart.appendChild(svg('rect', { class: 'mod-rect', x: n.x0, y: n.y0, width: w, height: hgt }));
      } else {
        chart.appendChild(drawLeaf(n, w, hgt));
      }
    });
    box.appendChild(chart);
  }

  function drawLeaf(n, w, hgt) {
    var leaf = n.data;
    var m = leaf.module;
    var fill = leafFill(leaf);
    var fg = textOnFill(fill);
    var selected = mapState.selected && mapState.selected.inf === m.inf && mapState.selected.cc === leaf.cc;
    var g = svg('g', {
      class: 'leaf' + (selected ? ' selected' : ''), tabindex: 0, role: 'button',
      'data-inf': m.inf, 'data-cc': leaf.cc, 'data-level': m.level,
      'aria-label': m.inf + ', ' + techLabel(leaf.cc) + ', level ' + m.level + ', ' + m.touchpoints + ' touchpoints, ' + m.mixedLines + ' mixed lines',
    });
    g.appendChild(svg('rect', { class: 'tile', x: n.x0, y: n.y0, width: w, height: hgt, fill: fill }));
    if (mapState.color === 'tech' && m.level === 'mixed') {
      g.appendChild(svg('rect', { x: n.x0, y: n.y0, width: w, height: hgt, fill: 'url(#hatch)', 'pointer-events': 'none' }));
    }
    if (hgt >= 14 && w >= 30) {
      g.appendChild(svg('text', { x: n.x0 + 4, y: n.y0 + 13, fill: fg, 'font-weight': 600, text: fit(baseName(m.inf), w) }));
    }
    if (hgt >= 28 && w >= 40) {
      var second = techLabel(leaf.cc) + ' · ' + m.level + (m.mixedLines > 0 ? ' · ' + plural(m.mixedLines, 'mixed line') : '');
      g.appendChild(svg('text', { x: n.x0 + 4, y: n.y0 + 26, fill: fg, text: fit(second, w) }));
    }
    if (hgt >= 42 && w >= 40) {
      g.appendChild(svg('text', { x: n.x0 + 4, y: n.y0 + 39, fill: fg, text: fit(plural(m.touchpoints, 'touchpoint'), w) }));
    }
    g.addEventListener('mouseenter', function (ev) { showTooltip(ev, leaf); });
    g.addEventListener('mousemove', function (ev) { moveTooltip(ev); });
    g.addEventListener('mouseleave', hideTooltip);
    g.addEventListener('focus', function () {
      var r = g.getBoundingClientRect();
      showTooltip({ clientX: r.left + 8, clientY: r.top + 8 }, leaf);
    });
    g.addEventListener('blur', hideTooltip);
    g.addEventListener('click', function () { selectModule(m.inf, leaf.cc); });
    g.addEventListener('keydown', function (ev) {
      if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); selectModule(m.inf, leaf.cc); }
    });
    return g;
  }

  function showTooltip(ev, leaf) {
    var m = leaf.module;
    var tip = byId('tooltip');
    clear(tip);
    append(tip, [
      h('div', { class: 't-title', text: m.inf }),
      h('div', { class: 't-row', text: techById[leaf.cc] ? techById[leaf.cc].name : leaf.cc }),
      h('div', { class: 't-row', text: 'level ' + LEVEL_INFO[m.level].label + (m.basic ? ' · basic' : ' · advanced') }),
      h('div', { class: 't-row', text: plural(m.touchpoints, 'touchpoint') + ' · ' + plural(m.mixedLines, 'mixed line') + ' · ' + plural(m.files.length, 'CC file') }),
      h('div', { class: 't-row', text: (m.library ? 'library' : 'module') + ' · ' + m.moduleType + ' · built by ' + plural(m.platforms.length, 'platform') }),
      m.evidence[0] ? h('div', { class: 't-row', text: 'why: ' + m.evidence[0].detail }) : null,
    ]);
    tip.hidden = false;
    moveTooltip(ev);
  }
  function moveTooltip(ev) {
    var tip = byId('tooltip');
    var x = ev.clientX + 14, y = ev.clientY + 14;
    var r = tip.getBoundingClientRect();
    if (x + r.width > window.innerWidth - 8) x = Math.max(8, ev.clientX - r.width - 14);
    if (y + r.height > window.innerHeight - 8) y = Math.max(8, ev.clientY - r.height - 14);
    tip.style.left = x + 'px';
    tip.style.top = y + 'px';
  }
  function hideTooltip() { byId('tooltip').hidden = true; }

  function selectModule(inf, cc) {
    mapState.selected = { inf: inf, cc: cc };
    Array.prototype.forEach.call(document.querySelectorAll('#treemap .leaf'), function (g) {
      g.classList.toggle('selected', g.getAttribute('data-inf') === inf && g.getAttribute('data-cc') === cc);
    });
    renderModuleDetail(inf);
  }

  function renderModuleDetail(inf) {
    var box = byId('map-detail');
    clear(box);
    box.hidden = false;
    var entries = modulesByInf[inf] || [];
    var first = entries[0].module;
    var showFindings = h('button', { type: 'button', text: 'Show findings under ' + dirName(inf) + '/' });
    showFindings.addEventListener('click', function () {
      setPathFilter(dirName(inf) + '/');
      byId('findings').scrollIntoView();
    });
    append(box, [
      h('h3', { text: inf }),
      h('p', null, [
        (first.library ? 'library' : 'module') + ' · ' + first.moduleType + ' · built by: ' +
          (first.platforms.length > 0 ? first.platforms.join(', ') : 'no platform') + ' ',
        showFindings,
      ]),
    ]);
    entries.forEach(function (e) {
      var m = e.module;
      box.appendChild(h('h3', null, [levelBadge(e.cc, m.level), (techById[e.cc] ? techById[e.cc].name : e.cc) + ': ' +
        LEVEL_INFO[m.level].label + (m.basic ? ' · basic' : ' · advanced') + ' · ' + plural(m.touchpoints, 'touchpoint') +
        ' · ' + plural(m.mixedLines, 'mixed line')]));
      box.appendChild(grid(['CC file', 'touchpoints', 'mixed lines'], m.files.map(function (f) {
        return [h('code', { text: f.path }), f.touchpoints, f.mixedLines];
      }), [false, true, true]));
      if (m.functions.length > 0) {
        box.appendChild(grid(['function', 'where', 'role', 'mixed lines'], m.functions.map(function (f) {
          return [h('code', { text: f.name }), h('code', { text: loc(f.path, f.line, f.endLine) }), f.role, f.mixedLines];
        }), [false, false, false, true]));
      }
      if (m.mixedSpots.length > 0) {
        box.appendChild(h('div', { text: 'Mixed spots (CC logic inline in common functions):' }));
        box.appendChild(h('ul', { class: 'evidence' }, m.mixedSpots.map(function (s) {
          return h('li', null, [h('code', { text: loc(s.path, s.line, s.endLine) }), ' in ', h('code', { text: s.function }),
            ' (' + plural(s.lines, 'line') + ')' + (s.evidence[0] ? ': ' + s.evidence[0].detail : '')]);
        })));
      }
      box.appendChild(h('div', { text: 'Evidence:' }));
      box.appendChild(evidenceList(m.evidence));
    });
  }

  function grid(headers, rows, numeric) {
    return h('table', { class: 'grid' }, [
      h('thead', null, h('tr', null, headers.map(function (t, i) { return h('th', { class: numeric && numeric[i] ? 'num' : null, text: t }); }))),
      h('tbody', null, rows.map(function (r) {
        return h('tr', null, r.map(function (c, i) { return h('td', { class: numeric && numeric[i] ? 'num' : null }, c); }));
      })),
    ]);
  }

  function evidenceList(evidence) {
    return h('ul', { class: 'evidence' }, evidence.map(function (e) {
      var kids = [h('span', { class: 'kind', text: e.kind + ': ' }), e.detail];
      if (e.path) kids.push(' (', h('code', { text: loc(e.path, e.line) }), ')');
      return h('li', null, kids);
    }));
  }

  // ---- platforms ----
  function renderPlatforms() {
    var box = byId('platform-list');
    if (map.platforms.length === 0) {
      box.appendChild(h('p', { class: 'empty', text: 'No platform DSC was analysed.' }));
      return;
    }
    map.platforms.forEach(function (p) {
      var role = p.role === 'common' ? 'common platform (one image for every CC mode)'
        : p.role === 'cc' ? 'CC platform' + (p.cc ? ' for ' + (techById[p.cc] ? techById[p.cc].name : p.cc) : '')
        : p.role === 'sibling' ? 'sibling platform' : p.role;
      var fvNames = Object.keys(p.fv);
      var card = h('div', { class: 'platform', 'data-dsc': p.dsc }, [
        h('h3', { text: p.dsc }),
        h('div', { class: 'role', text: role + ' · ' + p.arch }),
      ]);
      if (fvNames.length === 0) {
        card.appendChild(h('p', { class: 'empty', text: 'No CC code is built into this platform.' }));
      }
      fvNames.forEach(function (fv) {
        var mods = p.fv[fv];
        var counts = {};
        mods.forEach(function (m) { m.cc.forEach(function (c) { counts[c] = (counts[c] || 0) + 1; }); });
        card.appendChild(h('details', { class: 'fv' }, [
          h('summary', null, [h('b', { text: fv }), ' · ' + plural(mods.length, 'module') + ' with CC code ']
            .concat(Object.keys(counts).sort(cmp).map(function (c) { return techBadge(c, String(counts[c])); }))),
          h('ul', null, mods.map(function (m) {
            return h('li', null, [h('code', { text: m.inf }), ' '].concat(m.cc.map(function (c) {
              var level = levelOf(m.inf, c);
              return level ? levelBadge(c, level) : techBadge(c, 'via library');
            })));
          })),
        ]));
      });
      box.appendChild(card);
    });
  }

  // ---- findings ----
  var rulesById = {};
  data.rules.forEach(function (r) { rulesById[r.id] = r; });
  var filterState = { severity: {}, cc: {}, rule: {}, path: '' };
  var shownLimit = PAGE_SIZE;

  function ccKey(f) { return f.cc === null ? GENERAL : f.cc; }
  function countBy(key) {
    var out = {};
    data.findings.forEach(function (f) { var k = key(f); out[k] = (out[k] || 0) + 1; });
    return out;
  }

  function checkboxGroup(title, name, counts, order, describe) {
    var set = h('fieldset', { 'data-filter': name }, [h('legend', { text: title })]);
    var boxes = [];
    order.forEach(function (k) {
      filterState[name][k] = true;
      var box = h('input', { type: 'checkbox', name: name, value: k, checked: 'checked' });
      box.addEventListener('change', function () { filterState[name][k] = box.checked; shownLimit = PAGE_SIZE; renderFindingList(); });
      boxes.push(box);
      set.appendChild(h('label', { title: describe ? describe(k) : null }, [box, ' ' + k + ' ', h('span', { class: 'n', text: '(' + (counts[k] || 0) + ')' })]));
    });
    if (order.length > 1) {
      var setAll = function (on) {
        boxes.forEach(function (b) { b.checked = on; filterState[name][b.value] = on; });
        shownLimit = PAGE_SIZE;
        renderFindingList();
      };
      set.appendChild(h('div', { class: 'toggles' }, [
        h('button', { type: 'button', class: 'link', 'data-all': name, text: 'all', onclick: function () { setAll(true); } }),
        h('button', { type: 'button', class: 'link', 'data-none': name, text: 'none', onclick: function () { setAll(false); } }),
      ]));
    }
    return set;
  }

  function renderFindingFilters() {
    var box = byId('finding-filters');
    if (data.findings.length === 0) return;
    var sevCounts = countBy(function (f) { return f.severity; });
    var ccCounts = countBy(ccKey);
    var ruleCounts = countBy(function (f) { return f.ruleId; });
    var techOrder = techs.map(function (t) { return t.id; });
    var ccOrder = Object.keys(ccCounts).sort(function (a, b) {
      var ia = techOrder.indexOf(a), ib = techOrder.indexOf(b);
      return (ia < 0 ? 1e9 : ia) - (ib < 0 ? 1e9 : ib) || cmp(a, b);
    });
    var pathInput = h('input', { type: 'search', id: 'filter-path', placeholder: 'path contains…', 'aria-label': 'path filter' });
    pathInput.addEventListener('input', function () { filterState.path = pathInput.value; shownLimit = PAGE_SIZE; renderFindingList(); });
    var reset = h('button', { type: 'button', id: 'filter-reset', text: 'Reset filters' });
    reset.addEventListener('click', function () {
      Array.prototype.forEach.call(box.querySelectorAll('input[type=checkbox]'), function (c) {
        c.checked = true;
        filterState[c.name][c.value] = true;
      });
      setPathFilter('');
    });
    append(box, [
      checkboxGroup('Severity', 'severity', sevCounts, SEVERITIES.filter(function (s) { return sevCounts[s]; })),
      checkboxGroup('CC technology', 'cc', ccCounts, ccOrder, function (k) { return techById[k] ? techById[k].name : 'CC in general'; }),
      checkboxGroup('Rule', 'rule', ruleCounts, Object.keys(ruleCounts).sort(cmp), function (k) {
        return rulesById[k] ? rulesById[k].title : k;
      }),
      h('fieldset', null, [h('legend', { text: 'Path' }), pathInput, h('div', { class: 'more' }, reset)]),
    ]);
  }

  function setPathFilter(text) {
    filterState.path = text;
    var input = byId('filter-path');
    if (input) input.value = text;
    shownLimit = PAGE_SIZE;
    renderFindingList();
  }

  function matches(f) {
    if (!filterState.severity[f.severity] || !filterState.cc[ccKey(f)] || !filterState.rule[f.ruleId]) return false;
    var needle = filterState.path.trim().toLowerCase();
    return needle === '' || f.path.toLowerCase().indexOf(needle) >= 0;
  }

  function renderFindingList() {
    var list = byId('finding-list');
    var count = byId('finding-count');
    var more = byId('finding-more');
    clear(list);
    if (data.findings.length === 0) {
      count.textContent = 'No findings.';
      count.setAttribute('data-shown', '0');
      more.hidden = true;
      return;
    }
    var matching = data.findings.filter(matches);
    var shown = matching.slice(0, shownLimit);
    shown.forEach(function (f) { list.appendChild(findingItem(f)); });
    count.textContent = 'Showing ' + shown.length + ' of ' + plural(matching.length, 'matching finding') +
      ' (' + plural(data.findings.length, 'finding') + ' in all).';
    count.setAttribute('data-shown', String(shown.length));
    count.setAttribute('data-matching', String(matching.length));
    more.hidden = shown.length >= matching.length;
    more.textContent = 'Show ' + Math.min(PAGE_SIZE, matching.length - shown.length) + ' more';
  }

  function findingItem(f) {
    var rule = rulesById[f.ruleId];
    var ruleText = f.ruleId + (rule ? ' · ' + rule.title + (rule.specSection && rule.specSection !== '—' ? ' (RFC ' + rule.specSection + ')' : '') : '');
    var item = h('li', { class: 'finding ' + f.severity, 'data-rule': f.ruleId, 'data-cc': ccKey(f), 'data-severity': f.severity }, [
      h('div', { class: 'head' }, [
        h('span', { class: 'badge sev-' + f.severity, text: f.severity }),
        f.cc === null ? h('span', { class: 'badge', style: { background: '#6b7280' }, text: GENERAL }) : techBadge(f.cc),
        h('code', { class: 'loc', text: loc(f.path, f.line, f.endLine) }),
        h('span', { class: 'rule', text: ruleText }),
      ]),
      h('div', { class: 'msg', text: f.message }),
    ]);
    if (f.frame.length > 0) item.appendChild(codeFrame(f.frame));
    item.appendChild(evidenceList(f.evidence));
    item.appendChild(h('div', { class: 'fix' }, [h('b', { text: 'Fix: ' }), f.fix]));
    return item;
  }

  function codeFrame(rows) {
    return h('table', { class: 'frame' }, h('tbody', null, rows.map(function (r) {
      return h('tr', { class: r.marked && r.lineNo !== null ? 'mark' : null }, [
        h('td', { class: 'ln', text: r.lineNo === null ? '…' : String(r.lineNo) }),
        h('td', { class: 'code', text: r.text }),
      ]);
    })));
  }

  // ---- summary figures ----
  function placementBar(s) {
    var total = s.touchpoints || 1;
    return h('div', { class: 'bar', title: PLACEMENTS.map(function (p) { return p + ' ' + s.placement[p]; }).join(', ') },
      PLACEMENTS.filter(function (p) { return s.placement[p] > 0; }).map(function (p) {
        return h('span', { style: { width: (100 * s.placement[p] / total) + '%', backgroundColor: PLACEMENT_INFO[p].color } });
      }));
  }

  function summaryRow(first, s, withModules) {
    return first.concat(withModules ? [s.modules] : [], [s.touchpoints], PLACEMENTS.map(function (p) { return s.placement[p]; }),
      [pct(s.isolatedShare), s.mixedLines, placementBar(s)]);
  }

  function renderSummary() {
    var box = byId('summary-body');
    var legend = h('div', { class: 'legend' }, PLACEMENTS.map(function (p) {
      return h('span', { class: 'item' }, [swatch(PLACEMENT_INFO[p].color), PLACEMENT_INFO[p].label]);
    }));
    var head = ['touchpoints'].concat(PLACEMENTS, ['isolated', 'mixed lines', 'touchpoints by placement']);
    box.appendChild(h('h3', { text: 'Per technology' }));
    box.appendChild(legend);
    var techHead = ['technology', 'modules'].concat(head);
    box.appendChild(grid(techHead, map.technologies.map(function (t) {
      return summaryRow([h('span', null, [techBadge(t.id), t.name])], t.summary, true);
    }), techHead.map(function (_, i) { return i >= 1 && i < techHead.length - 1; })));
    box.appendChild(h('h3', { text: 'Per package' }));
    var rows = [];
    Object.keys(map.summary.packages).sort(cmp).forEach(function (pkg) {
      var entry = map.summary.packages[pkg];
      Object.keys(entry).sort(cmp).forEach(function (cc) {
        rows.push(summaryRow([h('code', { text: pkg }), techBadge(cc)], entry[cc], false));
      });
    });
    var pkgHead = ['package', 'technology'].concat(head);
    box.appendChild(rows.length > 0
      ? grid(pkgHead, rows, pkgHead.map(function (_, i) { return i >= 2 && i < pkgHead.length - 1; }))
      : h('p', { class: 'empty', text: 'No CC touchpoints.' }));

    box.appendChild(h('h3', { text: 'Findings' }));
    if (data.findings.length > 0) {
      box.appendChild(tallyTable('rule', function (f) { return f.ruleId; }));
      box.appendChild(tallyTable('CC technology', ccKey));
    }
    box.appendChild(h('p', { text: plural(data.findings.length, 'finding') + ' reported, ' + plural(data.suppressed, 'finding') + ' suppressed by the config, ' + data.baselined + ' baselined, ' +
      plural(data.staleBaseline, 'stale baseline entry', 'stale baseline entries') + ', ' + plural(data.diagnostics.length, 'diagnostic') +
      '; runs fail on ' + data.failOn + ' and above.' }));
  }

  function tallyTable(title, key) {
    var counts = {};
    data.findings.forEach(function (f) {
      var k = key(f);
      var c = counts[k] = counts[k] || { error: 0, warning: 0, info: 0 };
      c[f.severity]++;
    });
    var keys = Object.keys(counts).sort(cmp);
    var total = { error: 0, warning: 0, info: 0 };
    var rows = keys.map(function (k) {
      var c = counts[k];
      SEVERITIES.forEach(function (s) { total[s] += c[s]; });
      return [h('code', { text: k })].concat(SEVERITIES.map(function (s) { return c[s]; }), [c.error + c.warning + c.info]);
    });
    rows.push([h('b', { text: 'total' })].concat(SEVERITIES.map(function (s) { return total[s]; }), [total.error + total.warning + total.info]));
    return grid([title].concat(SEVERITIES, ['total']), rows, [false, true, true, true, true]);
  }

  // ---- diagnostics ----
  function renderDiagnostics() {
    var box = byId('diagnostics-body');
    if (data.diagnostics.length === 0) {
      box.appendChild(h('p', { class: 'empty', text: 'No diagnostics: every file ccguard read was understood.' }));
      return;
    }
    var details = h('details', null, [h('summary', { text: plural(data.diagnostics.length, 'diagnostic') +
      ' (problems in the analysed files; the rest of the tree was still analysed)' })]);
    var filled = false;
    details.addEventListener('toggle', function () {
      if (filled || !details.open) return;
      filled = true;
      details.appendChild(grid(['severity', 'code', 'where', 'message'], data.diagnostics.map(function (d) {
        return [d.severity, h('code', { text: d.code }), d.file ? h('code', { text: loc(d.file, d.line) }) : '', d.message];
      })));
    });
    box.appendChild(details);
  }

  renderHeader();
  renderMapControls();
  drawMap();
  renderPlatforms();
  renderFindingFilters();
  renderFindingList();
  byId('finding-more').addEventListener('click', function () { shownLimit += PAGE_SIZE; renderFindingList(); });
  renderSummary();
  renderDiagnostics();

  var resizeTimer = 0;
  window.addEventListener('resize', function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(function () {
      if (Math.abs((byId('treemap').clientWidth || 0) - mapState.width) > 4) drawMap();
    }, 150);
  });
  document.documentElement.setAttribute('data-ready', 'true');
})();
`;
