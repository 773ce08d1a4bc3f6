/* Service hours (hooks/service_hours.py): "Open now · closes at 18:00" or "Closed · opens Monday at 09:00" next
   to the hours table of the contact policy in force, computed in the shop's time zone. The data and every text
   (in the page's language, times as the table writes them) come from the page's #policy-hours-data; nothing is
   requested. Without JavaScript the badges stay hidden and the table alone shows. */
(function () {
  "use strict";

  var source = document.getElementById("policy-hours-data");
  var list = document.querySelector("[data-policy-hours-badges]");
  if (!source || !list) return;
  var data = JSON.parse(source.textContent);
  var WEEKDAYS = { Mon: 0, Tue: 1, Wed: 2, Thu: 3, Fri: 4, Sat: 5, Sun: 6 };

  /* The date, weekday (0 = Monday) and minute of the day in the shop's time zone. */
  function shopNow() {
    var parts = {};
    new Intl.DateTimeFormat("en-US", {
      timeZone: data.timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit",
      weekday: "short", hour: "2-digit", minute: "2-digit"
    }).formatToParts(new Date()).forEach(function (part) { parts[part.type] = part.value; });
    return {
      day: Date.UTC(+parts.year, +parts.month - 1, +parts.day), weekday: WEEKDAYS[parts.weekday],
      minute: (+parts.hour % 24) * 60 + +parts.minute
    };
  }

  function isoDay(utcMillis) { return new Date(utcMillis).toISOString().slice(0, 10); }

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (match, key) { return key in values ? values[key] : match; });
  }

  function describe(schedule, now) {
    for (var offset = 0; offset < 60; offset++) {
      var day = now.day + offset * 86400000, weekday = (now.weekday + offset) % 7;
      if (data.closedOn.indexOf(isoDay(day)) !== -1) continue;
      var intervals = schedule.week[weekday];
      for (var i = 0; i < intervals.length; i++) {
        var start = intervals[i][0], end = intervals[i][1];
        if (offset === 0 && start <= now.minute && now.minute < end) {
          return { open: true, text: fill(data.text.open, { time: intervals[i][3] }) };
        }
        if (offset > 0 || start > now.minute) {
          var key = offset === 0 ? "opens_today" : offset === 1 ? "opens_tomorrow" : "opens_on";
          return { open: false, text: fill(data.text[key], { time: intervals[i][2], day: data.days[weekday] }) };
        }
      }
    }
    return { open: false, text: data.text.closed };
  }

  function update() {
    var now = shopNow();
    data.schedules.forEach(function (schedule, index) {
      var badge = list.querySelector('[data-policy-hours-badge="' + index + '"]');
      if (!badge) return;
      var state = describe(schedule, now);
      badge.textContent = state.text;
      badge.setAttribute("data-open", state.open ? "true" : "false");
    });
    list.hidden = false;
  }

  update();
  setInterval(update, 60000);
})();
