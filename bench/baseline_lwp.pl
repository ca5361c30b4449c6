#!/usr/bin/perl
# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The dirsync-plugins developers
# The same with perl's LWP (libwww-perl, liblwp-protocol-https-perl) and the core JSON::PP,
# one keep-alive agent for the token request and the Graph GET.
# Usage: baseline_lwp.pl cached|cold BASE_URL CA_FILE SECRET_FILE
use strict;
use warnings;
use JSON::PP qw(decode_json);
use LWP::UserAgent;

my ($mode, $base, $ca_file, $secret_file) = @ARGV;
my $agent = LWP::UserAgent->new(
	keep_alive => 1,
	timeout    => 10,
	ssl_opts   => {SSL_ca_file => $ca_file, verify_hostname => 1}
);
my $token = 'eyJ0eXAi.bench';
if ($mode eq 'cold') {
	open(my $fh, '<', $secret_file) or die "$secret_file: $!\n";
	chomp(my $secret = <$fh>);
	close($fh);
	my $response = $agent->post(
		"$base/bench.example/oauth2/v2.0/token",
		{
			client_id     => 'bench',
			scope         => "$base/.default",
			grant_type    => 'client_credentials',
			client_secret => $secret
		}
	);
	die $response->status_line . "\n" unless $response->is_success;
	$token = decode_json($response->decoded_content)->{access_token};
}
my $response = $agent->get(
	"$base/v1.0/organization?\$select=onPremisesLastSyncDateTime,onPremisesSyncEnabled",
	Authorization => "Bearer $token");
die $response->status_line . "\n" unless $response->is_success;
print decode_json($response->decoded_content)->{value}[0]{onPremisesLastSyncDateTime}, "\n";
