from scheduler.services import jobs_run_due
from shop.loops import LoopCommand


class Command(LoopCommand):
    help = (
        "Runs the management commands of SCHEDULED_COMMANDS, each at its interval. Any number of schedulers "
        "may run: each run of a job is claimed by exactly one. Runs until stopped, or one pass with --once."
    )
    default_interval = 5.0

    def run_pass(self, *, once, **options):
        for job in jobs_run_due():
            line = f"{job.name}: {job.last_outcome}"
            self.stdout.write(self.style.ERROR(line) if job.last_failed else line)
