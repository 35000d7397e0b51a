"""The three plans (monthly, weekly, daily) as plain planning rules.

Everything here is plain Python: which visits a period needs and why, on
which days each may go, what a submission must satisfy, what changed since
it was frozen. Storage lives in ``rmtui.store.plans``, the week optimisation
in ``rmtui.routing.week`` and the use cases that join them in
``rmtui.services.planning``.
"""
