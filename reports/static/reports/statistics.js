// Charts of 信息报送统计: drawn with ECharts from the same data as the tables beside them.
(function () {
  "use strict";
  var source = document.getElementById("report-chart-data");
  if (!source || !window.echarts) return; // the tables carry the same numbers
  var data = JSON.parse(source.textContent);
  var ranking = document.getElementById("ranking-chart");
  if (ranking) {
    var ranked = data.ranking.slice().reverse();
    echarts.init(ranking).setOption({
      aria: { enabled: true },
      animation: false,
      grid: { left: 90, right: 20, top: 10, bottom: 20 },
      tooltip: {},
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", data: ranked.map(function (r) { return r.name; }) },
      series: [{ type: "bar", name: "刊发", data: ranked.map(function (r) { return r.value; }) }]
    });
  }
  var trend = document.getElementById("trend-chart");
  if (trend) {
    echarts.init(trend).setOption({
      aria: { enabled: true },
      animation: false,
      grid: { left: 40, right: 20, top: 10, bottom: 30 },
      tooltip: { trigger: "axis" },
      xAxis: { type: "category", data: data.trend.map(function (p) { return p.label; }) },
      yAxis: { type: "value", minInterval: 1 },
      series: [{ type: "line", name: "刊发", data: data.trend.map(function (p) { return p.value; }) }]
    });
  }
})();
