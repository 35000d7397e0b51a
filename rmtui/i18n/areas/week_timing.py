"""Text of what a day's timing finds on the week board (``rmtui.services.retime``)."""

EN: dict[str, str] = {
    "week.warn.missed_appointment": "{name}: this order cannot keep the {detail} appointment",
}

ZH: dict[str, str] = {
    "week.warn.missed_appointment": "{name}：按此顺序赶不上{detail}的预约",
}
