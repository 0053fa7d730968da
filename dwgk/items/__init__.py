"""公开事项: the disclosure items of a register, one file each under ``items/<year>/``.

==============  =====================================================================
``vocab``       the file's keys, the history's actions, 公文属性, the approved fields
``model``       ``Item`` and its typed ``ItemEvent``
``build``       the item file → ``Item``, with findings (I0xx); review results normalised
``procedure``   stage, what an item waits for, the guards of each step (W0xx); the item as of a day
``signers``     who may sign each act: roles, separation of duties, quorum (R02x, by the roster)
``actions``     each mutating command's pure computation: submit … meeting
``deadlines``   the item's time limits and the catalogue's 定期公开 periods
``checks``      ``dwgk check`` for items: fields and a replay of each history
==============  =====================================================================
"""

from dwgk.items import checks, deadlines, procedure
from dwgk.items.build import build_item
from dwgk.records import Kind

KIND = Kind(name="items", prefix="GK", label="事项", several="多个事项", missing="事项",
            list_hint="用 dwgk list 查看事项编号。", codes=("E020", "E021"), build=build_item,
            deadlines=deadlines.deadlines, open_deadlines=deadlines.open_deadlines, check=checks.check,
            as_of=procedure.as_of,
            waits=lambda register, item, memo: procedure.wait(register.profile, item, memo))
