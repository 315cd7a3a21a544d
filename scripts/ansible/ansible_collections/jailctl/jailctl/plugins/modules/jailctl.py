#!/usr/bin/python
# -*- coding: utf-8 -*-
# SPDX-License-Identifier: GPL-2.0-or-later
#
# A shim: the module's semantics are jailctl's own module mode, in C, on the
# managed host.  This only finds that jailctl, hands it the parameters as an
# arguments file, and passes its one JSON result through.
from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: jailctl
short_description: Provision, verify and audit sendmail's SafeFileEnvironment jail and smrsh
description:
  - Runs the jailctl installed on the managed host in its module mode
    (C(jailctl ARGSFILE), see jailctl(8)) and returns its result unchanged.
  - I(state=present) creates the jail and repairs drift (C(jailctl create));
    I(state=audited) runs C(jailctl verify) and the audits and never changes
    anything, in check mode too.
  - A finding at or above I(fail_on) that the run leaves in place (a mailbox
    owned by the wrong user) fails the task, in check mode as well, so check
    mode never passes a host the real run fails on.
  - There is no I(state=absent); jailctl never deletes anything.
version_added: "0.1.0"
author: jailctl developers
options:
  state:
    description: C(present) to create and fix, C(audited) to verify and audit only.
    type: str
    choices: [present, audited]
    default: present
  profile:
    description: Profile name or file; detected from the root's os-release when omitted.
    type: str
  root:
    description: Work on this directory as C(/) (an image, a mounted system).
    type: path
    default: /
  jail:
    description: The jail directory, instead of the profile's.
    type: path
  file_contexts:
    description: SELinux file_contexts to look policy contexts up in.
    type: path
  selinux:
    description: Whether SELinux contexts are checked.
    type: str
    choices: [auto, require, "off"]
  cf:
    description: The sendmail.cf to audit instead of the profile's.
    type: path
  audits:
    description:
      - Audits to run after the tree. Default all three with
        I(state=audited), none with I(state=present).
    type: list
    elements: str
    choices: [config, smrsh, forward]
  fail_on:
    description: The lowest finding severity that fails the task; C(none) never fails on findings.
    type: str
    choices: [info, low, medium, high, none]
    default: low
  executable:
    description: The jailctl to run; by default found on PATH and in the sbin directories.
    type: path
notes:
  - Supports check mode and diff mode.
'''

EXAMPLES = r'''
- name: Post-install hardening
  jailctl.jailctl.jailctl:
    state: present

- name: Nightly compliance audit, failing only on medium and high
  jailctl.jailctl.jailctl:
    state: audited
    fail_on: medium

- name: An image being built
  jailctl.jailctl.jailctl:
    root: /mnt/image
    profile: rhel
'''

RETURN = r'''
msg:
  description: One sentence, what was done or the first finding that failed the task.
  returned: always
  type: str
rc:
  description: The exit status the jailctl commands had (0 compliant, 1 findings remain, 2 error).
  returned: always
  type: int
findings:
  description: Findings as in jailctl's JSON report (id, severity, path, message, expected, actual, fixed, fixable).
  returned: always
  type: list
  elements: dict
changes:
  description: Changes made, or in check mode predicted (path, attribute, before, after).
  returned: always
  type: list
  elements: dict
summary:
  description: Counts over the commands run (checked, findings, changes).
  returned: always
  type: dict
profile:
  description: The profile used.
  returned: when a command ran
  type: str
jail:
  description: The jail directory.
  returned: when a command ran
  type: str
'''

import json
import os
import tempfile

from ansible.module_utils.basic import AnsibleModule

SBIN = ['/usr/local/sbin', '/usr/sbin', '/sbin']


def main():
    module = AnsibleModule(
        argument_spec=dict(
            state=dict(type='str', choices=['present', 'audited'], default='present'),
            profile=dict(type='str'),
            root=dict(type='path', default='/'),
            jail=dict(type='path'),
            file_contexts=dict(type='path'),
            selinux=dict(type='str', choices=['auto', 'require', 'off']),
            cf=dict(type='path'),
            audits=dict(type='list', elements='str', choices=['config', 'smrsh', 'forward']),
            fail_on=dict(type='str', choices=['info', 'low', 'medium', 'high', 'none'], default='low'),
            executable=dict(type='path'),
        ),
        supports_check_mode=True,
    )
    exe = module.params['executable'] or module.get_bin_path('jailctl', opt_dirs=SBIN)
    if not exe:
        module.fail_json(msg='jailctl is not installed on this host (looked on PATH and in %s); '
                             'install it or set executable' % ', '.join(SBIN))
    args = dict((k, v) for k, v in module.params.items() if k != 'executable' and v is not None)
    args['_ansible_check_mode'] = module.check_mode
    args['_ansible_diff'] = module._diff
    fd, path = tempfile.mkstemp(prefix='jailctl-args-', dir=module.tmpdir)
    with os.fdopen(fd, 'w') as f:
        json.dump(args, f)
    rc, out, err = module.run_command([exe, path])
    try:
        result = json.loads(out)
    except ValueError:
        module.fail_json(msg='%s printed no module result (a jailctl without module mode?)' % exe,
                         rc=rc, stdout=out, stderr=err)
    if result.get('failed'):
        module.fail_json(**result)
    module.exit_json(**result)


if __name__ == '__main__':
    main()
