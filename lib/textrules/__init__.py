"""Pure-Python text rules for 创文 task guidance (no Django imports).

Modules:
    charcount     -- 字数 counting as Word/WPS do
    requirements  -- evidence requirements in 工作建议/工作要求 text
    recurrence    -- 每月/每季度/全年… frequencies and the periods they imply
    standards     -- quantitative standards (知晓率为100%, 面积不小于2.4㎡ …)
    duties        -- split guidance between the departments it names
"""
