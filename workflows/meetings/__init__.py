"""MASE and MAP meetings: series, instances, invites, agendas, minutes and their actions."""
