"""A user's due dates as an iCalendar feed (RFC 5545), for the calendar app on their phone."""

from datetime import date, timedelta

from django.conf import settings
from icalendar import Calendar, Event

from schedules.selectors import Period

PRODID = "-//chuangwen//创文通 周期任务//ZH"


def feed_bytes(*, periods: list[Period], due_date: date | None, link_of, stamp) -> bytes:
    """One all-day event per open period on its due day, and one for the 资料截止日期."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "创文通 截止日期")
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    for period in periods:
        task = period.task
        event = Event()
        event.add("uid", f"{period.key}@chuangwen")
        event.add("dtstamp", stamp)
        event.add("dtstart", period.slot.due)
        event.add("dtend", period.slot.due + timedelta(days=1))
        event.add("summary", f"【{period.department.name}】{task.ref} {period.recurrence.subject or task.text[:30]}"
                             f"（{period.slot.label}）")
        event.add("description", f"{task.section.name} {task.ref}：{task.text}\n"
                                 f"本期需 {period.needed} 项，已完成 {period.done} 项。\n{link_of(period)}")
        event.add("url", link_of(period))
        calendar.add_component(event)
    if due_date is not None:
        event = Event()
        event.add("uid", f"deadline-{due_date.isoformat()}@chuangwen")
        event.add("dtstamp", stamp)
        event.add("dtstart", due_date)
        event.add("dtend", due_date + timedelta(days=1))
        event.add("summary", "资料截止日期（一次性任务资料须全部通过审核）")
        calendar.add_component(event)
    return calendar.to_ical()
