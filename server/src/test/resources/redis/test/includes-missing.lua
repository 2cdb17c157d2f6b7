-- A script whose include does not exist, for LuaScriptsTest.
-- KEYS none
-- ARGV none
--- @include no-such-piece
return 1
