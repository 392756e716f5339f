"""Entry points that drive the workflows: Slack (HTTP and Socket Mode), the console, the clock
(APScheduler jobs) and the command line. Each one turns platform input into workflow calls and
delivers what the outbox holds."""
