// Site search for gongjian: queries the index that `gongjian build` writes
// under search/index/ (format: src/render/search/mod.rs). No server, no library:
// the query is cut into the same tokens as the index (Han bigrams, ASCII
// words), only the shard files of those tokens are fetched, and documents
// holding every token are ranked (title > summary/county/campaign > text,
// newer first on ties: document ids count from the oldest).
(function () {
  'use strict';
  var form = document.querySelector('form[data-index]');
  if (!form) return;
  var input = form.querySelector('input[name="q"]');
  var status = document.getElementById('search-status');
  var list = document.getElementById('results');
  var indexUrl = form.getAttribute('data-index');
  var PAGE = 20;
  var cache = {};

  function get(path, asText) {
    if (!cache[path]) {
      cache[path] = fetch(indexUrl + path).then(function (r) {
        if (!r.ok) throw new Error(path + ': HTTP ' + r.status);
        return asText ? r.text() : r.json();
      });
    }
    return cache[path];
  }

  // --- tokens: keep in step with tokenize() in src/render/search/tokens.rs ---------
  function isHan(cp) {
    return cp === 0x3007 || (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x4e00 && cp <= 0x9fff) ||
      (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x20000 && cp <= 0x2ffff);
  }
  function normalise(ch) {
    var cp = ch.codePointAt(0);
    if (cp >= 0xff01 && cp <= 0xff5e) ch = String.fromCodePoint(cp - 0xfee0);
    return ch.length === 1 && ch >= 'A' && ch <= 'Z' ? ch.toLowerCase() : ch;
  }
  function tokenize(text) {
    var out = [], han = [], word = '';
    function flushHan() {
      if (han.length === 1) out.push(han[0]);
      for (var i = 0; i + 1 < han.length; i++) out.push(han[i] + han[i + 1]);
      han = [];
    }
    for (var ch of text) {
      ch = normalise(ch);
      if (isHan(ch.codePointAt(0))) {
        if (word) { out.push(word); word = ''; }
        han.push(ch);
      } else {
        flushHan();
        if (/^[a-z0-9]$/.test(ch)) { if (word.length < 32) word += ch; }
        else if (word) { out.push(word); word = ''; }
      }
    }
    flushHan();
    if (word) out.push(word);
    return out;
  }
  function fnv1a(s) {
    var h = 0x811c9dc5;
    for (var ch of s) { h ^= ch.codePointAt(0); h = Math.imul(h, 0x01000193) >>> 0; }
    return h;
  }

  // --- postings ------------------------------------------------------------
  var B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  function decode(s) { // -> Map(doc id -> weight)
    var out = new Map(), v = 0, shift = 0, doc = 0;
    for (var i = 0; i < s.length; i++) {
      var d = B64.indexOf(s[i]);
      v += (d & 31) * Math.pow(2, shift);
      if (d & 32) { shift += 5; continue; }
      doc += Math.floor(v / 16);
      out.set(doc, v % 16);
      v = 0; shift = 0;
    }
    return out;
  }
  function score(w) { return (w & 8 ? 10 : 0) + (w & 4 ? 4 : 0) + (w & 3); }

  // The postings of `token` (doc id -> score), from the one shard it hashes to.
  function postings(meta, token) {
    var k = fnv1a(token) % meta.shards;
    return get('t/' + k + '.txt', true).then(function (text) {
      var out = new Map();
      var at = text.startsWith(token + ' ') ? 0 : text.indexOf('\n' + token + ' ');
      if (at > 0) at += 1;
      if (at >= 0) {
        var end = text.indexOf('\n', at);
        decode(text.slice(at + token.length + 1, end < 0 ? text.length : end)).forEach(function (w, doc) {
          out.set(doc, score(w));
        });
      }
      return out;
    });
  }

  // The query in the index's script: with a 繁體 mirror the index ships a
  // character map (script.json), so 東光 finds 东光 and 东光 finds 東光.
  function inScript(meta, query) {
    if (!meta.script) return Promise.resolve(query);
    return get('script.json').then(function (map) {
      return Array.from(query).map(function (ch) { return map[ch] || ch; }).join('');
    });
  }

  // Every document with all the query's tokens, best first; when there is
  // none, documents ranked by how many of the tokens they have ("partial").
  // `typed` is the query as typed; `query` in the result is in the index's script.
  function search(typed) {
    if (!tokenize(typed).length) return Promise.resolve(null);
    return get('meta.json').then(function (meta) {
      return inScript(meta, typed).then(function (query) { return ranked(meta, typed, query); });
    });
  }
  function ranked(meta, typed, query) {
    var tokens = Array.from(new Set(tokenize(query)));
    return Promise.all(tokens.map(function (t) { return postings(meta, t); })).then(function (lists) {
      var all = new Map(lists[0]), some = new Map();
      lists.forEach(function (l, i) {
        if (i > 0) all.forEach(function (s, doc) { if (l.has(doc)) all.set(doc, s + l.get(doc)); else all.delete(doc); });
        l.forEach(function (s, doc) { some.set(doc, (some.get(doc) || 0) + 100 + s); });
      });
      var partial = all.size === 0;
      var hits = Array.from(partial ? some : all).sort(function (a, b) { return b[1] - a[1] || b[0] - a[0]; });
      return { meta: meta, hits: hits, partial: partial, query: query, typed: typed };
    });
  }

  // The documents of `hits` ([id, score] pairs), fetching only their chunks.
  function load(meta, hits) {
    var chunks = Array.from(new Set(hits.map(function (h) { return Math.floor(h[0] / meta.chunk); })));
    return Promise.all(chunks.map(function (c) { return get('d/' + c + '.json'); })).then(function (loaded) {
      var byChunk = {};
      chunks.forEach(function (c, i) { byChunk[c] = loaded[i]; });
      return hits.map(function (h) {
        var d = byChunk[Math.floor(h[0] / meta.chunk)][h[0] % meta.chunk];
        return { id: h[0], score: h[1], path: d[0], title: d[1], date: d[2], county: d[3], campaign: d[4], summary: d[5] };
      });
    });
  }

  // --- showing results (text only: nothing from the index becomes HTML) ---
  function highlighted(text, query) {
    var frag = document.createDocumentFragment();
    var q = query.trim();
    var at = q ? text.toLowerCase().indexOf(q.toLowerCase()) : -1;
    if (at < 0) { frag.appendChild(document.createTextNode(text)); return frag; }
    frag.appendChild(document.createTextNode(text.slice(0, at)));
    var mark = document.createElement('mark');
    mark.textContent = text.slice(at, at + q.length);
    frag.appendChild(mark);
    frag.appendChild(document.createTextNode(text.slice(at + q.length)));
    return frag;
  }
  // 2021-08-10 → 2021年8月10日, as the pages write dates.
  function dateCn(date) {
    var m = /^(\d{4})-(\d{2})-(\d{2})/.exec(date || '');
    return m ? m[1] + '年' + Number(m[2]) + '月' + Number(m[3]) + '日' : date;
  }
  function item(d, base, query) {
    var li = document.createElement('li');
    var h = document.createElement('h2');
    var a = document.createElement('a');
    a.href = base + d.path;
    a.appendChild(highlighted(d.title, query));
    h.appendChild(a);
    li.appendChild(h);
    var meta = [dateCn(d.date), d.county, d.campaign].filter(Boolean).join(' · ');
    if (meta) {
      var p = document.createElement('p');
      p.className = 'meta';
      p.textContent = meta;
      li.appendChild(p);
    }
    if (d.summary) {
      var s = document.createElement('p');
      s.appendChild(highlighted(d.summary, query));
      li.appendChild(s);
    }
    return li;
  }

  // The page's words, from the form's data-* attributes: the 繁體 mirror
  // converts them with the page, so the results speak the page's script.
  // `{q}` and `{n}` stand for the query and the number of results.
  function say(key, fallback, q, n) {
    var text = form.getAttribute('data-' + key) || fallback;
    return text.replace('{q}', q || '').replace('{n}', n === undefined ? '' : String(n));
  }

  var more = document.createElement('button');
  more.type = 'button';
  more.className = 'search-more';
  more.textContent = say('more', '显示更多结果');
  more.hidden = true;
  list.parentNode.insertBefore(more, list.nextSibling);
  var queue = null; // what "more" shows next: {meta, rest, query}

  function showMore() {
    var batch = queue.rest.splice(0, PAGE);
    more.hidden = true;
    return load(queue.meta, batch).then(function (docs) {
      docs.forEach(function (d) { list.appendChild(item(d, queue.meta.base, queue.query)); });
      more.hidden = queue.rest.length === 0;
    });
  }
  more.addEventListener('click', function () { if (queue) showMore(); });

  function show(res) {
    list.textContent = '';
    more.hidden = true;
    queue = null;
    if (!res) { status.textContent = ''; return Promise.resolve(); }
    var query = res.query, typed = res.typed, hits = res.hits;
    if (!hits.length) {
      status.textContent = say('none', '没有找到与“{q}”相关的内容。', typed);
      return Promise.resolve();
    }
    // The best 2 pages by the index's weights, re-ranked with the whole query
    // as typed: found in a title or summary it beats scattered bigrams.
    var q = query.trim().toLowerCase();
    return load(res.meta, hits.slice(0, PAGE * 2)).then(function (docs) {
      docs.forEach(function (d) {
        d.score += (d.title.toLowerCase().indexOf(q) >= 0 ? 30 : 0) + (d.summary.toLowerCase().indexOf(q) >= 0 ? 8 : 0);
      });
      docs.sort(function (a, b) { return b.score - a.score || b.id - a.id; });
      var first = docs.slice(0, PAGE);
      first.forEach(function (d) { list.appendChild(item(d, res.meta.base, query)); });
      queue = {
        meta: res.meta,
        query: query,
        rest: docs.slice(PAGE).map(function (d) { return [d.id, d.score]; }).concat(hits.slice(PAGE * 2)),
      };
      more.hidden = queue.rest.length === 0;
      // Said last: once the status is set, the list is there to read.
      status.textContent = res.partial
        ? say('partial', '没有完全匹配的内容，以下是部分匹配的 {n} 条与“{q}”相关的结果。', typed, hits.length)
        : say('found', '找到 {n} 条与“{q}”相关的结果。', typed, hits.length);
    });
  }

  var latest = 0;
  var current = null; // the query last run, so typing and Enter don't run it twice
  function run(query) {
    // A second run of the same query would rebuild the list under a reader
    // who is already clicking "more".
    if (query === current) return;
    current = query;
    var mine = ++latest;
    status.textContent = query.trim() ? say('searching', '正在搜索…') : '';
    search(query).then(function (res) {
      if (mine === latest) return show(res);
    }).catch(function (err) {
      if (mine === latest) status.textContent = say('failed', '搜索索引加载失败：') + err.message;
      current = null; // let the reader try the same query again
    });
  }

  var timer = 0;
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    clearTimeout(timer);
    var q = input.value;
    history.replaceState(null, '', q ? '?q=' + encodeURIComponent(q) : location.pathname);
    run(q);
  });
  input.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(function () { run(input.value); }, 200);
  });
  var initial = new URLSearchParams(location.search).get('q');
  if (initial) { input.value = initial; run(initial); }
})();
