# record.py -- a stdout callback for jailctl's tests: the whole run as one
# JSON document at the end, shaped like ansible.posix's json callback (which
# ansible-core alone does not ship): {"plays": [{"tasks": [{"task": {"name"},
# "hosts": {HOST: RESULT}}]}], "stats": {HOST: {"ok", "changed", ...}}}.
from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = '''
name: record
type: stdout
short_description: The run as one JSON document, for jailctl's tests
description:
  - Every task's result per host and the recap, printed as JSON at the end.
'''

import json

from ansible.plugins.callback import CallbackBase


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'stdout'
    CALLBACK_NAME = 'record'

    def __init__(self):
        super(CallbackModule, self).__init__()
        self.tasks = []

    def v2_playbook_on_task_start(self, task, is_conditional):
        self.tasks.append({'task': {'name': task.get_name()}, 'hosts': {}})

    def _record(self, result, **extra):
        res = dict(result._result)
        res.update(extra)
        self.tasks[-1]['hosts'][result._host.get_name()] = res

    def v2_runner_on_ok(self, result):
        self._record(result)

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._record(result, failed=True)

    def v2_runner_on_skipped(self, result):
        self._record(result, skipped=True)

    def v2_runner_on_unreachable(self, result):
        self._record(result, unreachable=True)

    def v2_playbook_on_stats(self, stats):
        hosts = sorted(stats.processed.keys())
        doc = {'plays': [{'tasks': self.tasks}],
               'stats': dict((h, stats.summarize(h)) for h in hosts)}
        self._display.display(json.dumps(doc, sort_keys=True, default=str))
