#!/usr/bin/perl
# SPDX-License-Identifier: GPL-2.0
# Match OUTPUT against a binutils-style expectation file: after the header
# lines (#...), each non-blank expected line is a regular expression that
# must match the whole next non-blank output line; "#..." skips output lines
# until the next expected line matches; "#pass" ends the comparison.
use strict;
use warnings;
my ($exp_file, $out_file) = @ARGV;
open(my $e, '<', $exp_file) or die "$exp_file: $!\n";
open(my $o, '<', $out_file) or die "$out_file: $!\n";
my @exp = grep { $_ ne '' } map { s/\r?\n$//r } <$e>;
my @out = grep { $_ ne '' } map { s/\r?\n$//r } <$o>;
my $oi = 0;
my $skip = 0;
for my $x (@exp) {
	if ($x eq '#pass') { exit 0; }
	if ($x eq '#...') { $skip = 1; next; }
	next if $x =~ /^#/;
	my $re = eval { qr/^(?:$x)$/ };
	if (!$re) { print "bad regexp: $x\n"; exit 1; }
	while (1) {
		if ($oi >= @out) { print "output ended; expected: $x\n"; exit 1; }
		my $line = $out[$oi++];
		if ($line =~ $re) { $skip = 0; last; }
		next if $skip;
		print "expected: $x\n     got: $line\n";
		exit 1;
	}
}
exit 0;
