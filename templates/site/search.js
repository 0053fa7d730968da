// 信息公开专栏的检索：在 assets/index.js 写下的索引（window.DWGK_INDEX）中查找，
// 不访问网络，不需要服务器，从本地文件（file://）打开也能用。
// 每行：[地址, 标题, 索引号, 文号, 发布日期, 主题分类, 正文]；多个词须都出现。
(function () {
  "use strict";
  var index = window.DWGK_INDEX || [];
  var params = new URLSearchParams(window.location.search);
  var query = (params.get("q") || "").trim();
  var box = document.getElementById("q");
  var status = document.getElementById("status");
  var list = document.getElementById("results");
  if (box) { box.value = query; }
  if (!query) { status.textContent = "共 " + index.length + " 条信息可供检索。"; return; }
  var words = query.toLowerCase().split(/\s+/).filter(Boolean);
  var hits = [];
  for (var i = 0; i < index.length; i++) {
    var row = index[i];
    var head = (row[1] + " " + row[2] + " " + row[3] + " " + row[5]).toLowerCase();
    var all = head + " " + row[6].toLowerCase();
    if (words.every(function (w) { return all.indexOf(w) >= 0; })) {
      // 标题等命中的排在正文命中之前
      hits.push([words.every(function (w) { return head.indexOf(w) >= 0; }) ? 0 : 1, i, row]);
    }
  }
  hits.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
  status.textContent = hits.length ? "找到 " + hits.length + " 条信息。" : "没有找到包含“" + query + "”的信息。";
  hits.forEach(function (h) {
    var row = h[2];
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.href = row[0];
    a.textContent = row[1];
    var meta = document.createElement("span");
    meta.className = "date";
    meta.textContent = " " + row[4] + (row[3] ? "　" + row[3] : "");
    li.appendChild(a);
    li.appendChild(meta);
    list.appendChild(li);
  });
}());
