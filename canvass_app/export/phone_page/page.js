/* Canvass phone page: search, cards, topics, passages, doorstep mode and notes, offline.
 * Written for this page; no framework. Every text reaches the screen through
 * textContent (never HTML), and the page makes no request of any kind. */
(function () {
  "use strict";

  var CONTENT = JSON.parse(document.getElementById("canvass-content").textContent);
  var INDEX = JSON.parse(document.getElementById("canvass-index").textContent);
  var SILENT = "Dazu steht nichts im Programm.";
  var NOTES_KEY = "canvass-phone-notes-v1";
  var NOTE_TAG = "Handy";
  var TOPIC_FIRST = 12;

  var cards = CONTENT.cards, topics = CONTENT.topics, passages = CONTENT.passages;
  var sections = CONTENT.sections, programmes = CONTENT.programmes;
  var TOPIC0 = cards.length, PASSAGE0 = cards.length + topics.length;
  var DOCS = PASSAGE0 + passages.length;

  // ---------------------------------------------------------------- folding and stemming
  // A port of canvass_app/search/analysis.py (fold, stem) and of whoosh's German
  // Snowball stemmer, so the page meets the words exactly as the desktop search does.
  var UMLAUTS = { "ä": "a", "ö": "o", "ü": "u", "ß": "ss", "æ": "ae", "ø": "o" };
  var NON_ASCII = /[^\x00-\x7f]/;
  var MARKS = /\p{M}/gu;
  var ALPHA = /^\p{L}+$/u;

  function fold(word) {
    var text = word.normalize("NFKC").toLowerCase().replace(/[äöüßæø]/g, function (c) { return UMLAUTS[c]; });
    if (NON_ASCII.test(text)) text = text.normalize("NFKD").replace(MARKS, "");
    // Umlauts typed as ae/oe/ue after a consonant ("Gruendung" → "grundung").
    var out = "";
    for (var i = 0; i < text.length; i++) {
      var c = text[i];
      out += c;
      if ((c === "a" || c === "o" || c === "u") && text[i + 1] === "e" &&
          !(i > 0 && "aeiouyq".indexOf(text[i - 1]) >= 0)) {
        i++;
      }
    }
    return out;
  }

  var VOWELS = "aeiouyäöü", S_ENDING = "bdfghklmnrt", ST_ENDING = "bdfghklmnt";
  var STEP1 = ["ern", "em", "er", "en", "es", "e", "s"], STEP2 = ["est", "en", "er", "st"];
  var STEP3 = ["isch", "lich", "heit", "keit", "end", "ung", "ig", "ik"];
  function isVowel(c) { return c !== undefined && VOWELS.indexOf(c) >= 0; }
  function cut(s, n) { return n >= s.length ? "" : s.slice(0, s.length - n); }
  function py(s, a, b) { // s[a:b] for negative a, b as Python slices it
    var start = Math.max(s.length + a, 0), end = Math.max(s.length + b, 0);
    return start >= end ? "" : s.slice(start, end);
  }

  function snowball(input) {
    var w = input.toLowerCase().replace(/ß/g, "ss").split("");
    for (var i = 1; i < w.length - 1; i++) {
      if (isVowel(w[i - 1]) && isVowel(w[i + 1])) {
        if (w[i] === "u") w[i] = "U"; else if (w[i] === "y") w[i] = "Y";
      }
    }
    var word = w.join(""), r1 = "", r2 = "", j;
    for (j = 1; j < word.length; j++) {
      if (!isVowel(word[j]) && isVowel(word[j - 1])) { r1 = word.slice(j + 1); break; }
    }
    for (j = 1; j < r1.length; j++) {
      if (!isVowel(r1[j]) && isVowel(r1[j - 1])) { r2 = r1.slice(j + 1); break; }
    }
    for (j = 1; j < word.length; j++) {
      if (!isVowel(word[j]) && isVowel(word[j - 1])) { if (j + 1 < 3) r1 = word.slice(3); break; }
    }
    var k, suffix, n;
    for (k = 0; k < STEP1.length; k++) {
      suffix = STEP1[k]; n = suffix.length;
      if (!r1.endsWith(suffix)) continue;
      if ((suffix === "en" || suffix === "es" || suffix === "e") && py(word, -n - 4, -n) === "niss") {
        word = cut(word, n + 1); r1 = cut(r1, n + 1); r2 = cut(r2, n + 1);
      } else if (suffix === "s") {
        if (S_ENDING.indexOf(word[word.length - 2]) >= 0) { word = cut(word, 1); r1 = cut(r1, 1); r2 = cut(r2, 1); }
      } else {
        word = cut(word, n); r1 = cut(r1, n); r2 = cut(r2, n);
      }
      break;
    }
    for (k = 0; k < STEP2.length; k++) {
      suffix = STEP2[k]; n = suffix.length;
      if (!r1.endsWith(suffix)) continue;
      if (suffix === "st") {
        if (ST_ENDING.indexOf(word[word.length - 3]) >= 0 && word.length - 3 >= 3) {
          word = cut(word, 2); r1 = cut(r1, 2); r2 = cut(r2, 2);
        }
      } else {
        word = cut(word, n); r1 = cut(r1, n); r2 = cut(r2, n);
      }
      break;
    }
    for (k = 0; k < STEP3.length; k++) {
      suffix = STEP3[k]; n = suffix.length;
      if (!r2.endsWith(suffix)) continue;
      if (suffix === "end" || suffix === "ung") {
        if (py(r2, -n - 2, -n).indexOf("ig") >= 0 && py(r2, -n - 3, -n - 2).indexOf("e") < 0) word = cut(word, n + 2);
        else word = cut(word, n);
      } else if (suffix === "ig" || suffix === "ik" || suffix === "isch") {
        if (py(r2, -n - 1, -n).indexOf("e") < 0) word = cut(word, n);
      } else if (suffix === "lich" || suffix === "heit") {
        var before = py(r1, -n - 2, -n);
        if (before.indexOf("er") >= 0 || before.indexOf("en") >= 0) word = cut(word, n + 2);
        else word = cut(word, n);
      } else if (suffix === "keit") {
        if (py(r2, -n - 4, -n).indexOf("lich") >= 0) word = cut(word, n + 4);
        else if (py(r2, -n - 2, -n).indexOf("ig") >= 0) word = cut(word, n + 2);
        else word = cut(word, n);
      }
      break;
    }
    return word.replace(/ä/g, "a").replace(/ö/g, "o").replace(/ü/g, "u").replace(/U/g, "u").replace(/Y/g, "y");
  }

  var NOUN_ENDINGS = new Set(["", "e", "en", "es", "s", "n"]);
  function stem(folded) {
    if (folded.length <= 3 || !ALPHA.test(folded)) return folded;
    var result = snowball(folded);
    if (result.endsWith("inn") && result.length >= 7) result = result.slice(0, -3);
    // As on the desktop (analysis.stem): what is left must keep a vowel ("schwer" stays).
    if (result.endsWith("er") && result.length >= 6 && /[aeiouy]/.test(result.slice(0, -2))) result = result.slice(0, -2);
    else if (result.endsWith("ert") && result.length >= 7 && /[aeiouy]/.test(result.slice(0, -3))) result = result.slice(0, -3);
    // "-eln"/"-elt" verbs and "-lung" nouns meet at "…el"; nouns keep "-est" (analysis.stem).
    if (result.endsWith("eln") && result.length >= 6) result = result.slice(0, -1);
    else if (result.endsWith("elt") && result.length >= 6 && !result.endsWith("welt") && !result.endsWith("zelt")) {
      result = result.slice(0, -1);
    } else if (folded.endsWith("lung") || folded.endsWith("lungen")) {
      var base = folded.slice(0, folded.lastIndexOf("lung")), last = base.charAt(base.length - 1);
      if (base.length >= 3 && "aeiouylh".indexOf(last) < 0 && (result === base + "l" || result === base + "lung")) {
        result = base + "el";
      }
    }
    if (result.length >= 4 && folded.startsWith(result + "est") && NOUN_ENDINGS.has(folded.slice(result.length + 3))) {
      result += "est";
    }
    // "Bus" and its compounds keep their "s"; their plural doubles it ("Schulbusse" → schulbus).
    if (/bus(se|sen|ses)$/.test(folded) && !/einbus(se|sen)$/.test(folded)) {
      return folded.slice(0, folded.lastIndexOf("buss") + 3);
    }
    if (folded.endsWith("bus")) return folded;
    if (result.length >= 5 && result.endsWith("s") && "aeiouyp".indexOf(result[result.length - 2]) >= 0) {
      result = result.slice(0, -1);
    }
    return result;
  }

  // ---------------------------------------------------------------- the index
  var WORDS = INDEX.words, STEMS = INDEX.stems;
  function undelta(list) { var out = [], doc = 0; for (var i = 0; i < list.length; i++) { doc += list[i]; out.push(doc); } return out; }
  var HEAD = INDEX.head.map(undelta), BODY = INDEX.body.map(undelta);
  var byStem = new Map(), wordSet = new Set(WORDS), stemList = [];
  for (var w = 0; w < WORDS.length; w++) {
    var group = byStem.get(STEMS[w]);
    if (!group) { group = []; byStem.set(STEMS[w], group); stemList.push(STEMS[w]); }
    group.push(w);
  }
  var stemSet = new Set(stemList);
  var STOP = new Set(CONTENT.stopwords), QUESTION = new Set(CONTENT.questionWords);
  var THESAURUS = new Map();
  CONTENT.thesaurus.forEach(function (entry) { THESAURUS.set(entry[0].join(" "), entry[1]); });
  var longestKey = CONTENT.thesaurus.reduce(function (m, e) { return Math.max(m, e[0].length); }, 0);

  function df(w) { return HEAD[w].length + BODY[w].length; }
  function idf(w) { return Math.log(1 + DOCS / Math.max(1, df(w))); }

  function lowerBound(list, value) {
    var lo = 0, hi = list.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (list[mid] < value) lo = mid + 1; else hi = mid; }
    return lo;
  }

  function osa(a, b) { // optimal string alignment distance, capped at 2
    if (Math.abs(a.length - b.length) > 1) return 2;
    var prev2 = null, prev = [], cur, i, j;
    for (j = 0; j <= b.length; j++) prev.push(j);
    for (i = 1; i <= a.length; i++) {
      cur = [i];
      var best = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
        cur.push(v);
        if (v < best) best = v;
      }
      if (best > 1) return 2;
      prev2 = prev; prev = cur;
    }
    return prev[b.length];
  }

  function isWord(part) {
    var variants = part.length > 4 ? [part, part.slice(0, -1), part.slice(0, -2)] : [part];
    return variants.some(function (v) { return v.length >= 3 && (stemSet.has(v) || wordSet.has(v)); });
  }

  function addStem(found, s, weight) {
    var group = byStem.get(s);
    if (!group) return;
    for (var i = 0; i < group.length; i++) found.set(group[i], Math.max(weight, found.get(group[i]) || 0));
  }

  var matchCache = new Map();
  // Every indexed word that counts as finding the typed word, with how sure that is.
  function wordMatches(folded, s, typing, strict) {
    var key = folded + "|" + s + "|" + (typing ? 1 : 0) + (strict ? 1 : 0);
    if (matchCache.has(key)) return matchCache.get(key);
    var found = new Map(), i;
    addStem(found, s, 0.9);
    if (wordSet.has(folded)) found.set(lowerBound(WORDS, folded), 1);
    var known = found.size > 0;
    // Prefixes: "Glasfa" while typing, "förder" for "Förderung".
    if (!strict && (folded.length >= 4 || (typing && folded.length >= 2))) {
      for (i = lowerBound(WORDS, folded); i < WORDS.length && WORDS[i].startsWith(folded) && i < 100000; i++) {
        if (!found.has(i)) found.set(i, 0.7);
      }
    }
    // Words inside compounds: long stems anywhere, short ones only as the compound's head
    // after a known word ("markt" in "Arbeitsmarkt"); under 4 letters never ("Ort" ≠ "Dortmund").
    if (s.length >= 4) {
      for (i = 0; i < stemList.length; i++) {
        var t = stemList[i];
        if (t.length - s.length < 3 || t.indexOf(s) < 0) continue;
        if (s.length < 6 && !(t.endsWith(s) && isWord(t.slice(0, t.length - s.length)))) continue;
        addStem(found, t, 0.6);
      }
      // … and the folded words, whose stems may have lost the part ("Firmengründung" → "firmengrund").
      var part = folded.length >= s.length ? folded : s;
      for (i = 0; i < WORDS.length; i++) {
        var word = WORDS[i];
        if (found.has(i) || word.length - part.length < 3 || word.indexOf(part) <= 0) continue;
        if (part.length < 6 && !(word.endsWith(part) && isWord(word.slice(0, word.length - part.length)))) continue;
        found.set(i, 0.6);
      }
    }
    // One typo per word (a letter wrong, missing, added or two swapped), when the word
    // itself is not in the index; with its inflections ("Glasfaster" → "Glasfaser", "Glasfasern").
    if (!strict && !known && folded.length >= 5 && ALPHA.test(folded)) {
      for (i = 0; i < WORDS.length; i++) {
        var c = WORDS[i];
        if (Math.abs(c.length - folded.length) > 1 || osa(folded, c) !== 1) continue;
        if (!found.has(i)) found.set(i, 0.5);
        addStem(found, STEMS[i], 0.45);
      }
      if (typing && folded.length >= 6) { // a typo in a word not typed to its end yet
        for (i = 0; i < WORDS.length; i++) {
          if (WORDS[i].length > folded.length && !found.has(i) && osa(folded, WORDS[i].slice(0, folded.length)) === 1) found.set(i, 0.4);
        }
      }
    }
    matchCache.set(key, found);
    return found;
  }

  // A document's score for one concept: its best word counts fully, further words (other
  // inflections, compounds, the heading besides the body) a little, so a card that is
  // about the word beats one that mentions it once.
  function docsOf(matches, marks) {
    var best = new Map(), sum = new Map();
    function add(d, value) {
      best.set(d, Math.max(best.get(d) || 0, value));
      sum.set(d, (sum.get(d) || 0) + value);
    }
    matches.forEach(function (weight, w) {
      if (marks && marks.size < 2000) marks.add(WORDS[w]);
      var base = weight * idf(w), i;
      for (i = 0; i < BODY[w].length; i++) add(BODY[w][i], base);
      for (i = 0; i < HEAD[w].length; i++) add(HEAD[w][i], base * 2.5);
    });
    var scores = new Map();
    best.forEach(function (value, d) { scores.set(d, value + 0.35 * (sum.get(d) - value)); });
    return scores;
  }

  function intersect(list) {
    var out = new Map(list[0]);
    for (var i = 1; i < list.length; i++) {
      out.forEach(function (score, d) {
        if (list[i].has(d)) out.set(d, score + list[i].get(d)); else out.delete(d);
      });
    }
    out.forEach(function (score, d) { out.set(d, score / list.length); });
    return out;
  }

  function tokenize(text) {
    var out = [];
    var cleaned = text.replace(/[*:_/](?:innen|in)(?![\p{L}\p{N}])/giu, "");
    var re = /[\p{L}\p{N}]+/gu, m;
    while ((m = re.exec(cleaned)) !== null) {
      var f = fold(m[0]);
      if (f.length > 1 || /\d/.test(f)) out.push({ surface: m[0], folded: f, stem: stem(f), end: m.index + m[0].length });
    }
    return { words: out, typingLast: out.length > 0 && out[out.length - 1].end === cleaned.length };
  }

  // A query: concepts (a word, or a thesaurus phrase with its expansions); a document
  // must match every concept, else the ones matching most of them are shown.
  function search(text) {
    var parsed = tokenize(text), words = parsed.words.filter(function (t) { return !STOP.has(t.folded); });
    var content = words.filter(function (t) { return !QUESTION.has(t.folded); });
    if (content.length === 0) content = words;
    var concepts = [], i = 0, marks = new Set();
    while (i < content.length) {
      var matched = 0, expansions = null;
      for (var len = Math.min(longestKey, content.length - i); len > 0; len--) {
        var key = content.slice(i, i + len).map(function (t) { return t.stem; }).join(" ");
        if (THESAURUS.has(key)) { matched = len; expansions = THESAURUS.get(key); break; }
      }
      var last = i + Math.max(matched, 1) === content.length && parsed.typingLast;
      if (matched === 0) {
        var t = content[i];
        concepts.push({ label: t.surface, docs: docsOf(wordMatches(t.folded, t.stem, last, false), marks) });
        i += 1;
        continue;
      }
      var phrase = content.slice(i, i + matched);
      var alternatives = [intersect(phrase.map(function (p, n) {
        return docsOf(wordMatches(p.folded, p.stem, last && n === phrase.length - 1, false), marks);
      }))];
      expansions.forEach(function (stems) {
        var parts = stems.map(function (s) { return docsOf(wordMatches(s, s, false, true), marks); });
        var docs = intersect(parts);
        docs.forEach(function (score, d) { docs.set(d, score * 0.8); });
        alternatives.push(docs);
      });
      var union = new Map();
      alternatives.forEach(function (docs) {
        docs.forEach(function (score, d) { union.set(d, Math.max(union.get(d) || 0, score)); });
      });
      concepts.push({ label: phrase.map(function (p) { return p.surface; }).join(" "), docs: union });
      i += matched;
    }
    var total = new Map(), hits = new Map();
    concepts.forEach(function (concept) {
      concept.docs.forEach(function (score, d) {
        total.set(d, (total.get(d) || 0) + score);
        hits.set(d, (hits.get(d) || 0) + 1);
      });
    });
    var best = 0;
    hits.forEach(function (n) { if (n > best) best = n; });
    var result = { cards: [], topics: [], passages: [], partial: best > 0 && best < concepts.length, missing: [] };
    total.forEach(function (score, d) {
      if (hits.get(d) < best) return;
      var entry = { doc: d, score: score };
      if (d < TOPIC0) result.cards.push(entry);
      else if (d < PASSAGE0) result.topics.push(entry);
      else result.passages.push(entry);
    });
    if (result.partial) {
      result.missing = concepts.filter(function (c) { return c.docs.size === 0; }).map(function (c) { return c.label; });
    }
    var order = function (a, b) { return b.score - a.score || a.doc - b.doc; };
    result.cards.sort(order); result.topics.sort(order); result.passages.sort(order);
    result.marks = marks;
    return result;
  }

  // ---------------------------------------------------------------- drawing (text only)
  function el(tag, props, children) {
    var node = document.createElement(tag);
    if (props) {
      Object.keys(props).forEach(function (name) {
        var value = props[name];
        if (name === "text") node.textContent = value;
        else if (name === "class") node.className = value;
        else if (name.slice(0, 2) === "on") node.addEventListener(name.slice(2), value);
        else if (value !== null && value !== undefined && value !== false) node.setAttribute(name, value === true ? "" : String(value));
      });
    }
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) return;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function marked(text, marks) { // text with the words the search found marked, as nodes
    var out = el("span"), re = /[\p{L}\p{N}]+/gu, last = 0, m;
    if (!marks || marks.size === 0) { out.textContent = text; return out; }
    while ((m = re.exec(text)) !== null) {
      if (!marks.has(fold(m[0]))) continue;
      out.appendChild(document.createTextNode(text.slice(last, m.index)));
      out.appendChild(el("mark", { text: m[0] }));
      last = m.index + m[0].length;
    }
    out.appendChild(document.createTextNode(text.slice(last)));
    return out;
  }

  function shorten(text, limit) {
    var flat = text.replace(/\s+/g, " ").trim();
    return flat.length <= limit ? flat : flat.slice(0, limit - 1).replace(/\s+\S*$/, "") + " …";
  }

  function snippet(text, marks, limit) {
    var flat = text.replace(/\s+/g, " ").trim(), re = /[\p{L}\p{N}]+/gu, m, at = 0;
    while (marks && (m = re.exec(flat)) !== null) {
      if (marks.has(fold(m[0]))) { at = m.index; break; }
    }
    var start = at > limit / 2 ? flat.lastIndexOf(" ", at - 30) + 1 : 0;
    var piece = flat.slice(start);
    return (start > 0 ? "… " : "") + shorten(piece, limit);
  }

  function programmeOf(passage) { return programmes[sections[passage.s].p]; }
  function passageCite(passage) {
    var section = sections[passage.s], parts = [programmes[section.p].label];
    if (section.title) parts.push("„" + section.title + "“");
    if (passage.lines) parts.push(passage.lines);
    return parts.join(" · ");
  }

  // ---------------------------------------------------------------- notes
  var memoryNotes = {}, storage = null, storageProblem = "";
  try {
    storage = window.localStorage;
    var probe = NOTES_KEY + "-probe";
    storage.setItem(probe, "1"); storage.removeItem(probe);
  } catch (error) {
    storage = null;
    storageProblem = "Dieser Browser speichert für eine Datei vom Handy nichts: Notizen bleiben nur, bis die Seite geschlossen wird. Bitte vorher als Datei speichern.";
  }
  function loadNotes() {
    if (!storage) return memoryNotes;
    var raw = storage.getItem(NOTES_KEY) || "{}";
    try {
      var notes = JSON.parse(raw);
      if (notes && typeof notes === "object" && !Array.isArray(notes)) return notes;
    } catch (error) { /* kept aside below */ }
    // Unreadable notes are set aside under their own key, never overwritten.
    try { storage.setItem(NOTES_KEY + "-unreadable-" + Date.now(), raw); storage.removeItem(NOTES_KEY); } catch (error) { /* full */ }
    return {};
  }
  function saveNotes(notes) {
    if (!storage) { memoryNotes = notes; return true; }
    try { storage.setItem(NOTES_KEY, JSON.stringify(notes)); return true; } catch (error) { memoryNotes = notes; return false; }
  }
  function hex(bytes) { return Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join(""); }
  function uuid4() {
    var b = new Uint8Array(16);
    crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    var h = hex(b);
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }
  function revision(previous) {
    var generation = previous ? parseInt(previous.split("-")[0], 10) || 0 : 0;
    var b = new Uint8Array(6); crypto.getRandomValues(b);
    return (generation + 1) + "-" + hex(b);
  }
  function now() { return new Date().toISOString(); }
  function fileStamp() { // local date and time, so two files of one day keep apart
    var d = new Date(), two = function (n) { return (n < 10 ? "0" : "") + n; };
    return d.getFullYear() + "-" + two(d.getMonth() + 1) + "-" + two(d.getDate()) + "-" + two(d.getHours()) + two(d.getMinutes());
  }

  // One note per card or passage on this phone; a new revision whenever text changes after
  // it was saved to a file, so the desktop import tells newer from older from diverged.
  function writeNote(type, id, anchor, text) {
    var notes = loadNotes(), key = type + ":" + id, note = notes[key], stamp = now();
    if (!note) {
      if (!text.trim()) return true;
      var rev = revision(null);
      note = { id: uuid4(), text: text, tags: [NOTE_TAG], target: { type: type, id: id }, created: stamp,
               updated: stamp, anchor_text: type === "passage" ? anchor : null, detached: false,
               conflict_of: null, rev: rev, history: [rev], exported: null };
    } else {
      if (note.text === text) return true;
      if (note.exported === note.rev) { note.rev = revision(note.rev); note.history.push(note.rev); }
      note.text = text; note.updated = stamp;
    }
    notes[key] = note;
    return saveNotes(notes);
  }

  function exchangeFile() {
    var notes = loadNotes(), list = [];
    Object.keys(notes).sort().forEach(function (key) {
      var n = notes[key];
      if (!n.text.trim()) return;
      list.push({ id: n.id, text: n.text, tags: n.tags, target: n.target, created: n.created, updated: n.updated,
                  anchor_text: n.anchor_text, detached: false, conflict_of: null, rev: n.rev, history: n.history });
    });
    return { format: "canvass-notes", version: 1, exported: now(), notes: list };
  }

  function downloadNotes() {
    var file = exchangeFile();
    if (file.notes.length === 0) { toast("Noch keine Notizen."); return; }
    var text = JSON.stringify(file, null, 2) + "\n";
    var blob = new Blob([text], { type: "application/json" });
    var link = el("a", { href: URL.createObjectURL(blob), download: "canvass-notizen-" + fileStamp() + ".json" });
    document.body.appendChild(link);
    link.click();
    link.remove();
    var notes = loadNotes();
    file.notes.forEach(function (n) { var k = n.target.type + ":" + n.target.id; if (notes[k]) notes[k].exported = n.rev; });
    saveNotes(notes);
    toast(file.notes.length + (file.notes.length === 1 ? " Notiz" : " Notizen") + " als Datei gespeichert.");
    window.__canvassLastExport = text;
  }

  var toastTimer = null;
  function toast(message) {
    var box = document.getElementById("toast");
    if (!box) return;
    box.textContent = message;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(function () { box.textContent = ""; }, 6000);
  }

  function hasNote(type, id) {
    var note = loadNotes()[type + ":" + id];
    return !!(note && note.text.trim());
  }

  function noteField(type, id, anchor, label) {
    var notes = loadNotes(), existing = notes[type + ":" + id];
    var fieldId = "note-" + type + "-" + id.replace(/[^A-Za-z0-9-]/g, "-");
    var area = el("textarea", { id: fieldId, rows: 4, placeholder: "Was an der Tür gefragt oder gesagt wurde …" });
    area.value = existing ? existing.text : "";
    var state = el("p", { class: "state", "aria-live": "polite" });
    var timer = null;
    function store() {
      clearTimeout(timer);
      var ok = writeNote(type, id, anchor, area.value);
      state.textContent = ok ? (storage ? "Gespeichert auf diesem Handy." : "Nur bis zum Schließen gehalten.") : "Speicher voll: bitte Notizen als Datei speichern.";
    }
    area.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(store, 400); });
    area.addEventListener("blur", store);
    return el("div", { class: "note" }, [
      el("label", { for: fieldId, text: label || "Notiz (bleibt auf diesem Handy)" }),
      area, state,
      storageProblem ? el("p", { class: "warn", text: storageProblem }) : null,
    ]);
  }

  // ---------------------------------------------------------------- views
  var app = document.getElementById("app");
  var query = "", doorList = null;

  function go(hash) { location.hash = hash; }
  function back() {
    if (history.length > 1 && depth > 0) history.back(); else go("#/");
  }
  var depth = 0;

  function topBar() {
    var input = el("input", {
      type: "search", class: "search", id: "suche", placeholder: "Frage oder Stichwort …",
      "aria-label": "Suche in Karten und Programmen", autocomplete: "off", autocapitalize: "off",
      spellcheck: "false", enterkeyhint: "search",
    });
    input.value = query;
    input.addEventListener("input", function () {
      query = input.value;
      if (document.getElementById("ergebnisse")) { drawResults(); return; }
      // Typing on a card or a topic starts a new search from the start page.
      history.replaceState(null, "", "#/");
      depth = 0;
      home();
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { var first = app.querySelector(".results .item"); if (first) first.click(); }
    });
    return el("header", { class: "top" }, [el("div", { class: "top-row" }, [input])]);
  }

  function backBar(extra) {
    return el("div", { class: "bar" }, [
      el("button", { class: "btn", type: "button", id: "zurueck", onclick: back, text: "‹ Zurück" }),
    ].concat(extra || []));
  }

  function frame(children) {
    while (app.firstChild) app.removeChild(app.firstChild);
    app.appendChild(topBar());
    app.appendChild(el("main", { id: "inhalt" }, children));
    app.appendChild(el("p", { id: "toast", class: "meta", role: "status", "aria-live": "polite" }));
    window.scrollTo(0, 0);
  }

  function cardItem(index, stems) {
    var card = cards[index];
    var who = card.answers.map(function (a) { return a.label + (a.silent ? " (nichts)" : ""); }).join(" · ");
    return el("li", null, [el("button", { class: "item", type: "button", "data-card": card.id, onclick: function () {
      doorList = currentCardList(); go("#/karte/" + encodeURIComponent(card.id));
    } }, [
      el("span", { class: "kind", text: "Antwortkarte" }),
      el("span", { class: "main" }, [marked(card.question, stems), hasNote("card", card.id) ? el("span", { class: "mark-note", title: "mit Notiz", text: " ✎" }) : null]),
      el("span", { class: "more", text: who }),
    ])]);
  }

  function topicItem(index) {
    var topic = topics[index], says = topic.coverage.filter(function (c) { return c.passages.length; }).length;
    return el("li", null, [el("button", { class: "item", type: "button", "data-topic": topic.id, onclick: function () {
      go("#/thema/" + encodeURIComponent(topic.id));
    } }, [
      el("span", { class: "kind", text: "Thema" }),
      el("span", { class: "main", text: topic.title }),
      el("span", { class: "more", text: says + " von " + topic.coverage.length + " Programmen sagen etwas dazu" }),
    ])]);
  }

  function passageItem(index, stems) {
    var passage = passages[index];
    return el("li", null, [el("button", { class: "item", type: "button", "data-passage": passage.id, onclick: function () {
      go("#/stelle/" + encodeURIComponent(passage.id));
    } }, [
      el("span", { class: "kind" }, [passageCite(passage), hasNote("passage", passage.id) ? el("span", { class: "mark-note", title: "mit Notiz", text: " ✎" }) : null]),
      el("span", { class: "more" }, [marked(snippet(passage.text, stems, 170), stems)]),
    ])]);
  }

  var lastResult = null;
  function currentCardList() {
    if (query.trim() && lastResult && lastResult.cards.length) return lastResult.cards.map(function (e) { return e.doc; });
    return cards.map(function (c, i) { return i; });
  }

  function home() {
    frame([el("div", { class: "results", id: "ergebnisse" })]);
    drawResults();
    var field = document.getElementById("suche");
    if (query) { field.focus(); field.setSelectionRange(query.length, query.length); }
  }

  function drawResults() {
    var box = document.getElementById("ergebnisse");
    if (!box) { home(); return; }
    while (box.firstChild) box.removeChild(box.firstChild);
    var text = query.trim();
    if (!text) { drawStart(box); return; }
    var result = search(text);
    lastResult = result;
    var stems = result.marks;
    if (result.cards.length + result.topics.length + result.passages.length === 0) {
      box.appendChild(el("p", { class: "hint", id: "nichts", text: "Nichts gefunden. Ein anderes Wort oder eine kürzere Frage versuchen." }));
      return;
    }
    if (result.partial && result.missing.length) {
      box.appendChild(el("p", { class: "hint", text: "Nicht gefunden: " + result.missing.join(", ") + ". Treffer für den Rest:" }));
    }
    if (result.cards.length) {
      box.appendChild(el("h2", { class: "group", text: "Antwortkarten" }));
      box.appendChild(el("ul", { class: "list", id: "treffer-karten" }, result.cards.map(function (e) { return cardItem(e.doc, stems); })));
      box.appendChild(el("div", { class: "bar" }, [el("button", { class: "btn", type: "button", id: "tuer-treffer", text: "Diese Karten im Haustür-Modus", onclick: function () {
        doorList = currentCardList(); go("#/tuer/" + encodeURIComponent(cards[doorList[0]].id));
      } })]));
    }
    if (result.topics.length) {
      box.appendChild(el("h2", { class: "group", text: "Themen" }));
      box.appendChild(el("ul", { class: "list" }, result.topics.slice(0, 5).map(function (e) { return topicItem(e.doc - TOPIC0); })));
    }
    if (result.passages.length) {
      box.appendChild(el("h2", { class: "group", text: "Textstellen" }));
      var shown = result.passages.slice(0, 30);
      box.appendChild(el("ul", { class: "list", id: "treffer-stellen" }, shown.map(function (e) { return passageItem(e.doc - PASSAGE0, stems); })));
      if (result.passages.length > shown.length) {
        box.appendChild(el("p", { class: "hint", text: "Dazu " + (result.passages.length - shown.length) + " weitere Textstellen; genauer fragen, um sie zu sehen." }));
      }
    }
  }

  function drawStart(box) {
    var notes = loadNotes(), count = Object.keys(notes).filter(function (k) { return notes[k].text.trim(); }).length;
    box.appendChild(el("p", { class: "meta", text: "Stand " + CONTENT.stamp + " · " + cards.length + " Antwortkarten · " + topics.length + " Themen · offline" }));
    box.appendChild(el("div", { class: "bar" }, [
      cards.length ? el("button", { class: "btn primary", type: "button", id: "tuer-alle", text: "Haustür-Modus", onclick: function () {
        doorList = cards.map(function (c, i) { return i; }); go("#/tuer/" + encodeURIComponent(cards[0].id));
      } }) : null,
      el("button", { class: "btn", type: "button", id: "notizen", text: "Notizen (" + count + ")", onclick: function () { go("#/notizen"); } }),
    ]));
    if (cards.length) {
      box.appendChild(el("h2", { class: "group", text: "Antwortkarten" }));
      box.appendChild(el("ul", { class: "list", id: "alle-karten" }, cards.map(function (c, i) { return cardItem(i, null); })));
    }
    if (topics.length) {
      box.appendChild(el("h2", { class: "group", text: "Themen" }));
      box.appendChild(el("ul", { class: "list" }, topics.map(function (t, i) { return topicItem(i); })));
    }
    var full = programmes.filter(function (p) { return p.full; });
    if (full.length) {
      box.appendChild(el("h2", { class: "group", text: "Programme" }));
      box.appendChild(el("ul", { class: "list" }, full.map(function (p) {
        return el("li", null, [el("button", { class: "item", type: "button", onclick: function () { go("#/programm/" + encodeURIComponent(p.id)); } }, [
          el("span", { class: "kind", text: p.label }), el("span", { class: "main", text: p.title }),
          p.chapter ? el("span", { class: "more", text: "Kapitel „" + p.chapter + "“" }) : null,
        ])]);
      })));
    }
  }

  function answerNodes(card, withQuotes) {
    return card.answers.map(function (answer) {
      var nodes = [el("p", { class: "who" }, [answer.party + " ", el("span", { class: "year", text: String(answer.year || "") })])];
      if (answer.silent) {
        nodes.push(el("p", { class: "silent", text: SILENT }));
        if (answer.summary) nodes.push(el("p", { text: answer.summary }));
      } else {
        nodes.push(el("p", { text: answer.summary }));
        if (withQuotes) {
          answer.quotes.forEach(function (quote) {
            nodes.push(el("div", { class: "quote" }, [
              el("q", { text: quote.text }), el("span", { class: "cite", text: quote.label }),
              quote.passage !== null ? el("button", { class: "btn small", type: "button", text: "Im Zusammenhang", onclick: function () {
                go("#/stelle/" + encodeURIComponent(passages[quote.passage].id));
              } }) : null,
            ]));
          });
        }
      }
      return el("section", { class: "answer" }, nodes);
    });
  }

  function cardView(id) {
    var index = cards.findIndex(function (c) { return c.id === id; });
    if (index < 0) { missing("Diese Antwortkarte ist nicht auf der Seite."); return; }
    var card = cards[index];
    var children = [
      backBar([el("button", { class: "btn primary", type: "button", id: "tuer", text: "Haustür-Modus", onclick: function () {
        if (!doorList || doorList.indexOf(index) < 0) doorList = cards.map(function (c, i) { return i; });
        go("#/tuer/" + encodeURIComponent(card.id));
      } })]),
      el("p", { class: "meta", text: "Antwortkarte" }),
      el("h1", { id: "frage", text: card.question }),
    ].concat(answerNodes(card, true));
    if (card.tip) children.push(el("p", { class: "tip" }, [el("strong", { text: "Tipp fürs Gespräch: " }), card.tip]));
    var answered = card.answers.map(function (a) { return a.p; });
    var absent = programmes.filter(function (p, i) { return answered.indexOf(i) < 0; });
    if (absent.length) {
      children.push(el("p", { class: "meta", id: "nicht-auf-karte", text: "Nicht auf dieser Karte: " +
        absent.map(function (p) { return p.label; }).join(", ") + ". Was darin steht, zeigen die Themen." }));
    }
    if (card.topics.length) {
      children.push(el("p", { class: "meta", text: "Themen:" }));
      children.push(el("div", { class: "bar" }, card.topics.map(function (t) {
        return el("button", { class: "btn small", type: "button", text: topics[t].title, onclick: function () { go("#/thema/" + encodeURIComponent(topics[t].id)); } });
      })));
    }
    children.push(noteField("card", card.id, null));
    frame(children);
  }

  function passageBlock(index, withNote) {
    var passage = passages[index];
    return el("div", { class: "passage" }, [
      el("p", { class: "cite", text: passageCite(passage) }),
      el("p", { text: passage.text }),
      withNote ? noteField("passage", passage.id, passage.text) : el("button", { class: "btn small", type: "button", text: "Öffnen und Notiz", onclick: function () {
        go("#/stelle/" + encodeURIComponent(passage.id));
      } }),
    ]);
  }

  function passageView(id) {
    var index = passages.findIndex(function (p) { return p.id === id; });
    if (index < 0) { missing("Diese Textstelle ist nicht auf der Seite."); return; }
    var passage = passages[index], section = sections[passage.s], programme = programmes[section.p];
    var children = [backBar(), el("p", { class: "meta", text: programme.label + " · „" + programme.title + "“" }),
      el("h1", { text: section.title || programme.title }), passageBlock(index, true)];
    if (section.passages) {
      children.push(el("div", { class: "bar" }, [el("button", { class: "btn", type: "button", text: "Ganzer Abschnitt", onclick: function () {
        go("#/programm/" + encodeURIComponent(programme.id) + "/" + passage.s);
      } })]));
    }
    frame(children);
  }

  function topicView(id) {
    var index = topics.findIndex(function (t) { return t.id === id; });
    if (index < 0) { missing("Dieses Thema ist nicht auf der Seite."); return; }
    var topic = topics[index], children = [backBar(), el("p", { class: "meta", text: "Thema" }), el("h1", { text: topic.title })];
    if (topic.description) children.push(el("p", { text: topic.description }));
    if (topic.cards.length) {
      children.push(el("h2", { text: "Antwortkarten" }));
      children.push(el("ul", { class: "list" }, topic.cards.map(function (c) { return cardItem(c, null); })));
    }
    topic.coverage.forEach(function (item) {
      var programme = programmes[item.p];
      children.push(el("h2", null, [programme.party + " ", el("span", { class: "year", text: String(programme.year) })]));
      if (!item.passages.length) { children.push(el("p", { class: "silent", text: SILENT })); return; }
      // A long list shows its first passages; the rest on request, so a big library stays quick.
      var box = el("div", { class: "coverage" });
      item.passages.slice(0, TOPIC_FIRST).forEach(function (p) { box.appendChild(passageBlock(p, false)); });
      if (item.passages.length > TOPIC_FIRST) {
        var more = el("button", { class: "btn", type: "button", text: "Alle " + item.passages.length + " Textstellen zeigen", onclick: function () {
          more.remove();
          item.passages.slice(TOPIC_FIRST).forEach(function (p) { box.appendChild(passageBlock(p, false)); });
        } });
        box.appendChild(more);
      }
      children.push(box);
    });
    children.push(noteField("topic", topic.id, null, "Notiz zum Thema (bleibt auf diesem Handy)"));
    frame(children);
  }

  function programmeView(id, sectionIndex) {
    var programme = programmes.find(function (p) { return p.id === id && p.full; });
    if (!programme) { missing("Dieses Programm ist nicht vollständig auf der Seite."); return; }
    var number = programmes.indexOf(programme);
    var children = [backBar(), el("p", { class: "meta", text: programme.label + (programme.election ? " · " + programme.election : "") }),
      el("h1", { text: programme.title })];
    sections.forEach(function (section, s) {
      if (section.p !== number || !section.passages) return;
      if (sectionIndex !== null && s !== sectionIndex) return;
      children.push(el("h2", { text: section.title }));
      section.passages.forEach(function (p) { children.push(passageBlock(p, false)); });
    });
    if (sectionIndex !== null) {
      children.push(el("div", { class: "bar" }, [el("button", { class: "btn", type: "button", text: "Ganzes Programm", onclick: function () {
        go("#/programm/" + encodeURIComponent(programme.id));
      } })]));
    }
    frame(children);
  }

  function notesView() {
    var notes = loadNotes(), keys = Object.keys(notes).filter(function (k) { return notes[k].text.trim(); });
    var children = [backBar(), el("h1", { text: "Meine Notizen" }),
      el("p", { text: "Die Notizen bleiben auf diesem Handy. Als Datei gespeichert, liest Canvass sie am Rechner ein (Datei → Notizen importieren, oder canvass notes import)." })];
    if (storageProblem) children.push(el("p", { class: "warn", text: storageProblem }));
    var shown = el("div", { id: "notizen-text" });
    children.push(el("div", { class: "bar" }, [
      el("button", { class: "btn primary", type: "button", id: "notizen-speichern", text: "Als Datei speichern", onclick: downloadNotes }),
      // Where a browser cannot save files (some in-app browsers): the same file as text to copy.
      el("button", { class: "btn", type: "button", id: "notizen-zeigen", text: "Als Text zeigen", onclick: function () {
        while (shown.firstChild) shown.removeChild(shown.firstChild);
        var area = el("textarea", { readonly: true, rows: 8, "aria-label": "Notizen als Text" });
        area.value = JSON.stringify(exchangeFile(), null, 2);
        shown.appendChild(el("p", { class: "meta", text: "Alles markieren, kopieren und z. B. per Mail schicken; am Rechner als .json-Datei speichern und importieren." }));
        shown.appendChild(el("div", { class: "note" }, [area]));
        area.focus(); area.select();
      } }),
    ]));
    children.push(shown);
    if (!keys.length) children.push(el("p", { class: "hint", text: "Noch keine Notizen. Jede Karte, jedes Thema und jede Textstelle hat ein Notizfeld." }));
    children.push(el("ul", { class: "list" }, keys.map(function (key) {
      var note = notes[key], target = note.target, label = target.id, hash;
      if (target.type === "card") {
        var card = cards.find(function (c) { return c.id === target.id; });
        label = card ? card.question : target.id; hash = "#/karte/" + encodeURIComponent(target.id);
      } else if (target.type === "topic") {
        var topic = topics.find(function (t) { return t.id === target.id; });
        label = "Thema: " + (topic ? topic.title : target.id); hash = "#/thema/" + encodeURIComponent(target.id);
      } else {
        var passage = passages.find(function (p) { return p.id === target.id; });
        label = passage ? passageCite(passage) : target.id; hash = "#/stelle/" + encodeURIComponent(target.id);
      }
      return el("li", null, [el("button", { class: "item", type: "button", onclick: function () { go(hash); } }, [
        el("span", { class: "kind", text: label }), el("span", { class: "more", text: shorten(note.text, 160) }),
      ])]);
    })));
    frame(children);
  }

  function missing(message) { frame([backBar(), el("p", { class: "hint", text: message })]); }

  // Doorstep mode: one card at a time, very large; swipe, tap or use the arrow keys.
  function doorView(id) {
    var list = doorList || cards.map(function (c, i) { return i; });
    var index = cards.findIndex(function (c) { return c.id === id; });
    if (index < 0) { missing("Diese Antwortkarte ist nicht auf der Seite."); return; }
    if (list.indexOf(index) < 0) list = cards.map(function (c, i) { return i; });
    doorList = list;
    var position = list.indexOf(index), card = cards[index];
    function step(delta) {
      var next = list[(position + delta + list.length) % list.length];
      history.replaceState(null, "", "#/tuer/" + encodeURIComponent(cards[next].id));
      doorView(cards[next].id);
    }
    var body = el("div", { class: "door-body", id: "tuer-karte" }, [el("h1", { text: card.question })].concat(answerNodes(card, false)));
    if (card.tip) body.appendChild(el("p", { class: "tip" }, [el("strong", { text: "Tipp: " }), card.tip]));
    var door = el("div", { class: "door", id: "haustuer", role: "dialog", "aria-label": "Haustür-Modus" }, [
      el("div", { class: "door-head" }, [
        el("button", { class: "btn", type: "button", id: "tuer-schliessen", text: "✕ Schließen", onclick: back }),
        el("span", { class: "count", id: "tuer-zaehler", text: (position + 1) + " / " + list.length }),
      ]),
      body,
      el("div", { class: "door-nav" }, [
        el("button", { class: "btn", type: "button", id: "tuer-zurueck", "aria-label": "Vorige Karte", text: "‹ Vorige", onclick: function () { step(-1); } }),
        el("button", { class: "btn primary", type: "button", id: "tuer-weiter", "aria-label": "Nächste Karte", text: "Nächste ›", onclick: function () { step(1); } }),
      ]),
    ]);
    var startX = null, startY = 0;
    body.addEventListener("touchstart", function (e) { startX = e.touches[0].clientX; startY = e.touches[0].clientY; }, { passive: true });
    body.addEventListener("touchend", function (e) {
      if (startX === null) return;
      var dx = e.changedTouches[0].clientX - startX, dy = e.changedTouches[0].clientY - startY;
      startX = null;
      if (Math.abs(dx) > 60 && Math.abs(dx) > 1.5 * Math.abs(dy)) step(dx < 0 ? 1 : -1);
    });
    door.stepCard = step;
    while (app.firstChild) app.removeChild(app.firstChild);
    app.appendChild(door);
    body.scrollTop = 0;
  }

  document.addEventListener("keydown", function (event) {
    var door = document.getElementById("haustuer");
    if (!door) return;
    if (event.key === "ArrowRight" || event.key === "PageDown" || event.key === " ") { event.preventDefault(); door.stepCard(1); }
    else if (event.key === "ArrowLeft" || event.key === "PageUp") { event.preventDefault(); door.stepCard(-1); }
    else if (event.key === "Escape") document.getElementById("tuer-schliessen").click();
  });

  function route() {
    var parts = location.hash.replace(/^#\/?/, "").split("/").map(function (p) {
      try { return decodeURIComponent(p); } catch (error) { return ""; }
    });
    var kind = parts[0] || "";
    if (kind === "karte") cardView(parts[1] || "");
    else if (kind === "thema") topicView(parts[1] || "");
    else if (kind === "stelle") passageView(parts[1] || "");
    else if (kind === "programm") programmeView(parts[1] || "", parts[2] ? parseInt(parts[2], 10) : null);
    else if (kind === "tuer") doorView(parts[1] || "");
    else if (kind === "notizen") notesView();
    else home();
  }
  window.addEventListener("hashchange", function () { depth = location.hash && location.hash !== "#/" ? depth + 1 : 0; route(); });
  // For the tests and the curious: the page's own search, folding and stemming.
  window.canvass = { search: search, fold: fold, stem: stem, exchangeFile: exchangeFile };
  route();
})();
