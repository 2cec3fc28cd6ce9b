"""The writers' editor in parts; ``service.staff.editor`` maps each URL to a view here."""
