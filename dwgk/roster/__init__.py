"""人员名册: who is who in a register — ``people.yaml``, read by the loader.

==============  =====================================================================
``model``       ``Roster``, ``Person``, ``Holding``: roles held from when to when
``build``       the file → ``Roster``, with findings (R00x)
``sign``        who may sign: ``signer_role`` (R020, R021) and ``guard_quorum`` (R023, R024)
``actions``     ``dwgk people add`` / ``end``: the new file, or a refusal (R01x)
``checks``      ``dwgk check``: an empty roster (W100)
==============  =====================================================================

Record kinds ask ``sign`` who may record a decision; the roster is not a record kind (one
file, no history of its own beyond git).
"""

from dwgk.roster.build import build_roster
from dwgk.roster.model import FILE, Holding, Person, Roster

__all__ = ["FILE", "Holding", "Person", "Roster", "build_roster"]
