"""The scheduled jobs and the scheduler process."""
