// Dashboard charts. The data comes from {{ chart_data|json_script:"dashboard-data" }}; no inline
// scripts, so the page works under the app's nonce-based Content-Security-Policy.
(function () {
  "use strict";

  var source = document.getElementById("dashboard-data");
  if (!source || typeof echarts === "undefined") return;
  var data = JSON.parse(source.textContent);
  var font = getComputedStyle(document.body).fontFamily;
  var RED = "#c0392b", GREEN = "#198754", GREY = "#adb5bd";
  var charts = [];

  function draw(id, option, height) {
    var element = document.getElementById(id);
    if (!element) return;
    if (height) element.style.height = height + "px";
    var chart = echarts.init(element);
    option.textStyle = { fontFamily: font };
    chart.setOption(option);
    charts.push(chart);
  }

  function number(value) {
    return Math.round(value * 100) / 100;
  }

  // Percentages always with one decimal (5.0%, 4.5%), as on the rest of the page.
  function percent(value) {
    return Number(value).toFixed(1) + "%";
  }

  function empty(text) {
    return { title: { text: text, left: "center", top: "middle", textStyle: { color: "#6c757d", fontSize: 14, fontWeight: "normal" } } };
  }

  // Horizontal bars of completion (%), one per row, first row on top; points in the label and tooltip.
  function completionBars(id, rows, colour) {
    if (!rows.length) {
      draw(id, empty("暂无数据"));
      return;
    }
    draw(id, {
      grid: { left: 8, right: 96, top: 8, bottom: 24, containLabel: true },
      tooltip: {
        trigger: "axis", axisPointer: { type: "shadow" },
        formatter: function (items) {
          var row = rows[items[0].dataIndex];
          var text = row.name + "<br>完成率 " + percent(row.completion);
          if (row.points) text += "<br>预计得分 " + number(row.projected) + " / " + number(row.points) + " 分";
          return text;
        }
      },
      // The bar labels carry the numbers; axis labels would only crowd a phone screen.
      xAxis: { type: "value", max: 100, axisLabel: { show: false } },
      yAxis: { type: "category", inverse: true, data: rows.map(function (row) { return row.name; }),
               axisTick: { show: false } },
      series: [{
        type: "bar", barMaxWidth: 18, itemStyle: { color: colour, borderRadius: [0, 3, 3, 0] },
        showBackground: true, backgroundStyle: { color: "#f1f3f5" },
        data: rows.map(function (row) { return row.completion; }),
        label: {
          show: true, position: "right", color: "#495057",
          formatter: function (item) {
            var row = rows[item.dataIndex];
            return percent(row.completion) + (row.points ? "（" + number(row.projected) + "/" + number(row.points) + "分）" : "");
          }
        }
      }]
    }, Math.max(200, rows.length * 30 + 50));
  }

  completionBars("chart-sections", data.sections, RED);
  completionBars("chart-departments", data.departments, GREEN);

  draw("chart-trend", {
    grid: { left: 8, right: 8, top: 40, bottom: 8, containLabel: true },
    legend: { top: 0 },
    tooltip: { trigger: "axis" },
    xAxis: { type: "category", boundaryGap: false, data: data.trend.map(function (day) { return day.day; }) },
    yAxis: [
      { type: "value", name: "预计得分", min: 0, max: data.points || null },
      { type: "value", name: "完成率", min: 0, max: 100, axisLabel: { formatter: "{value}%" }, splitLine: { show: false } }
    ],
    series: [
      { name: "预计得分", type: "line", smooth: true, symbolSize: 6, color: RED, areaStyle: { opacity: 0.08 },
        data: data.trend.map(function (day) { return day.projected; }) },
      { name: "完成率", type: "line", smooth: true, symbolSize: 6, yAxisIndex: 1, color: GREY,
        tooltip: { valueFormatter: function (value) { return value == null ? "—" : percent(value); } },
        data: data.trend.map(function (day) { return day.completion; }) }
    ]
  });

  window.addEventListener("resize", function () {
    charts.forEach(function (chart) { chart.resize(); });
  });
})();
