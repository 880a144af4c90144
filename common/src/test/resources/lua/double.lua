return twice(tonumber(ARGV[1]))
