# sed: ranges, substitutions with groups, deletes, hold space, line numbers, y///.
sed -n '10,20p' words.txt
sed 's/^\([a-z]*\) \([a-z]*\)/\2 \1/' words.txt | head -30
sed -e '/^to/d' -e 's/[0-9][0-9]*/N/g' words.txt | tail -20
sed '$!N;s/\n/ | /' words.txt | sed -n '100,110p'
sed = table.txt | sed 'N;s/\n/: /' | tail -5
sed 'y/abc/XYZ/' words.txt | head -12
sed -n '/^ka/{s/ka/KA/gp}' words.txt | head
sed '1!G;h;$!d' table.txt | head -7
