"""The events app's own views (the calendar itself is a page, with its routes in events.models.pages):
`feeds` (the subscribable iCalendar feeds) and `registrations` (the signed cancel link)."""
