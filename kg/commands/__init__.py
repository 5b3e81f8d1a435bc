"""One module per `kg` sub-command; each exposes `<name>_command` (a click.Command)."""
